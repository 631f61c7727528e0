#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/instruments.hpp"

// Counts the live streams each account holds open on this node, so that one account cannot tie
// up the server's connections with streams.
namespace agentry::api {

class StreamSlots {
 public:
  // A held slot; released when the last copy goes.
  using Slot = std::shared_ptr<void>;

  // A slot for `account_id`, or nullptr when it holds `limit` (its plan's maxStreams) already.
  Slot acquire(const std::string& account_id, std::int64_t limit) {
    std::lock_guard lock(mutex_);
    std::int64_t& held = held_[account_id];
    if (held >= limit) return nullptr;
    ++held;
    instruments::get().open_streams.only().add(1);
    return {static_cast<void*>(this), [this, account_id](void*) { release(account_id); }};
  }

 private:
  void release(const std::string& account_id) {
    instruments::get().open_streams.only().add(-1);
    std::lock_guard lock(mutex_);
    if (auto it = held_.find(account_id); it != held_.end() && --it->second == 0) held_.erase(it);
  }

  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> held_;
};

}  // namespace agentry::api
