#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

// The Idempotency-Keys whose requests this node is processing right now. Kept in memory only, so
// that no "in flight" mark can outlive the process that made it.
namespace agentry::api {

class InFlightKeys {
 public:
  // Held while the request runs; released when the last copy goes.
  using Hold = std::shared_ptr<void>;

  // A hold on `key`, or nullptr when a request holds it already.
  Hold try_hold(std::string key) {
    std::lock_guard lock(mutex_);
    if (!held_.insert(key).second) return nullptr;
    return {static_cast<void*>(this), [this, key = std::move(key)](void*) {
              std::lock_guard release_lock(mutex_);
              held_.erase(key);
            }};
  }

 private:
  std::mutex mutex_;
  std::unordered_set<std::string> held_;
};

}  // namespace agentry::api
