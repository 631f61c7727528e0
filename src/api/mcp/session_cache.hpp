#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/mcp_sessions.hpp"

// The MCP sessions this node found lately, so that a session's every message does not read the
// database. A session is checked again after ttl_ms: one ended on another node is refused here
// within that time (the key itself is authenticated on every request all the same).
namespace agentry::api::mcp {

class SessionCache {
 public:
  static constexpr std::int64_t ttl_ms = 10'000;
  static constexpr std::size_t max_entries = 10'000;

  // The session `id` of the key `key_id` when this node found it less than ttl_ms ago.
  std::optional<mcp_sessions::Session> find(const std::string& id, const std::string& key_id,
                                            std::int64_t now_ms) const {
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(id);
    if (it == entries_.end() || it->second.key_id != key_id || it->second.until_ms <= now_ms) {
      return std::nullopt;
    }
    return it->second.session;
  }

  void put(const std::string& id, const std::string& key_id, mcp_sessions::Session session,
           std::int64_t now_ms) {
    const std::lock_guard lock(mutex_);
    // Full: start over rather than track ages; the sessions in use come back at once.
    if (entries_.size() >= max_entries) entries_.clear();
    entries_[id] = {key_id, std::move(session), now_ms + ttl_ms};
  }

  void forget(const std::string& id) {
    const std::lock_guard lock(mutex_);
    entries_.erase(id);
  }

 private:
  struct Entry {
    std::string key_id;
    mcp_sessions::Session session;
    std::int64_t until_ms = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace agentry::api::mcp
