#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"

namespace agentry::store {

// A bounded map of values loaded from the store, each served only while none of the tables it was
// read from has changed since: hot point reads (an agent by id) then skip the database without
// ever answering with data older than a write the client has seen acknowledged.
//
//   const auto v = cache.version();           // before loading
//   auto value = load_from_database(...);
//   auto shared = cache.put(key, std::move(value), v);
template <class V>
class ReadCache {
 public:
  // How many bytes a value holds, roughly; the cache starts over when its values would exceed
  // the budget.
  using Weigh = std::size_t (*)(const V&);

  // `sources` are the change counters of the tables a value is read from; when one is nullptr
  // (the database cannot tell) nothing is ever cached.
  ReadCache(std::initializer_list<const ChangeCounter*> sources, std::size_t max_bytes, Weigh weigh)
      : sources_(sources), max_bytes_(max_bytes), weigh_(weigh) {
    for (const ChangeCounter* source : sources_) enabled_ = enabled_ && source != nullptr;
  }

  // False when the database cannot tell when a source changes: nothing is ever cached.
  bool enabled() const { return enabled_; }

  // The version to pass to put() for a load that starts now: it only grows, and changes whenever
  // a source table does.
  std::uint64_t version() const {
    std::uint64_t sum = 0;
    if (enabled_) {
      for (const ChangeCounter* source : sources_) sum += source->load(std::memory_order_acquire);
    }
    return sum;
  }

  // The value stored under `key` when it is still current.
  std::shared_ptr<const V> find(std::string_view key) const {
    if (!enabled_) return nullptr;
    const std::uint64_t now = version();
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.version != now) return nullptr;
    return it->second.value;
  }

  // Keeps `value`, loaded after version() returned `version`, unless a source changed meanwhile
  // (the value may then be older than that change). Returns the value, shared.
  std::shared_ptr<const V> put(std::string key, V value, std::uint64_t version) {
    auto shared = std::make_shared<const V>(std::move(value));
    if (!enabled_ || version != this->version()) return shared;
    const std::size_t bytes = key.size() + weigh_(*shared) + entry_overhead_bytes;
    if (bytes > max_bytes_) return shared;
    std::unique_lock lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      bytes_ -= it->second.bytes;
      entries_.erase(it);
    }
    if (bytes_ + bytes > max_bytes_) {
      entries_.clear();
      bytes_ = 0;
    }
    entries_.emplace(std::move(key), Entry{shared, version, bytes});
    bytes_ += bytes;
    return shared;
  }

 private:
  static constexpr std::size_t entry_overhead_bytes = 128;  // node, control block, Entry
  struct Entry {
    std::shared_ptr<const V> value;
    std::uint64_t version = 0;
    std::size_t bytes = 0;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const std::vector<const ChangeCounter*> sources_;
  const std::size_t max_bytes_;
  const Weigh weigh_;
  bool enabled_ = true;
  mutable std::shared_mutex mutex_;  // guards entries_ and bytes_
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace agentry::store
