#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"

namespace agentry::auth {

// Who is calling: what authentication of an API key yields.
struct Principal {
  std::string key_id;
  std::string account_id;
  std::string plan;
  std::vector<std::string> scopes;
  bool is_admin = false;
  std::optional<std::int64_t> expires_at_ms;
};

// Looks up the key stored under `key_hash`. Empty when there is none or it was revoked; expiry is
// left to the caller, which checks it on every request.
std::optional<Principal> load_principal(store::Tx& tx, const std::string& key_hash);

// Remembers authenticated keys so that the hot path skips the database. Any change to keys or
// accounts clears it; a generation number keeps a lookup that raced with a clear from putting
// back a stale entry.
class KeyCache {
 public:
  static constexpr std::size_t max_entries = 100'000;

  // Shared and immutable, so a hit copies a pointer, not the scopes.
  std::shared_ptr<const Principal> find(const std::string& key_hash) const;
  // The generation to pass to put() for a lookup that starts now.
  std::uint64_t generation() const;
  void put(const std::string& key_hash, std::shared_ptr<const Principal> principal,
           std::uint64_t generation);
  void clear();

  // True at most once per `interval_ms` per key: when its lastUsedAt should be written.
  bool should_touch(const std::string& key_id, std::int64_t now_ms, std::int64_t interval_ms);

 private:
  mutable std::shared_mutex mutex_;  // guards entries_ and generation_
  std::unordered_map<std::string, std::shared_ptr<const Principal>> entries_;
  std::uint64_t generation_ = 0;
  // Written on every request, so it has its own lock rather than the readers' shared one.
  std::mutex touched_mutex_;
  std::unordered_map<std::string, std::int64_t> touched_ms_;
};

}  // namespace agentry::auth
