#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/database.hpp"
#include "store/read_cache.hpp"

namespace agentry::auth {

// Who is calling: what authentication of an API key yields.
struct Principal {
  std::string key_id;
  std::string account_id;
  std::string plan;
  std::vector<std::string> scopes;
  bool is_admin = false;
  std::optional<std::int64_t> expires_at_ms;
  std::optional<std::string> agent_id;  // the agent this key acts as (an AgentMarket agent key)
};

// Looks up the key stored under `key_hash`. Empty when there is none or it was revoked; expiry is
// left to the caller, which checks it on every request.
std::optional<Principal> load_principal(store::Tx& tx, const std::string& key_hash);

// The same for the key `key_id` of `account_id`, when it is neither revoked nor expired at
// `now_ms` (a token that stands for a key: a stream token, a dashboard session).
std::optional<Principal> load_principal_of_key(store::Tx& tx, const std::string& account_id,
                                               const std::string& key_id, std::int64_t now_ms);

// Remembers authenticated keys so that the hot path skips the database. An entry is dropped as
// soon as api_keys or accounts change (on PostgreSQL: on any node), so a revoked key, a new scope
// or a new plan is seen by the next request.
class KeyCache {
 public:
  static constexpr std::size_t max_bytes = std::size_t{16} * 1024 * 1024;

  explicit KeyCache(const store::Database& db);

  // Shared and immutable, so a hit copies a pointer, not the scopes.
  std::shared_ptr<const Principal> find(std::string_view key_hash) const {
    return principals_.find(key_hash);
  }
  // The version to pass to put() for a lookup that starts now.
  std::uint64_t version() const { return principals_.version(); }
  // Also remembers the key as known (below).
  std::shared_ptr<const Principal> put(std::string key_hash, Principal principal,
                                       std::uint64_t version);

  // Whether `key_hash` authenticated on this node and has not failed since. The cache drops
  // every entry on any change to api_keys or accounts (a key's lastUsedAt included), so a known
  // key misses too: it is reloaded without counting against its client's address like a key
  // never seen. forget() makes it unknown again once its reload fails (revoked, removed).
  bool known(const std::string& key_hash) const;
  void forget(const std::string& key_hash);

  // True at most once per `interval_ms` per key: when its lastUsedAt should be written.
  bool should_touch(const std::string& key_id, std::int64_t now_ms, std::int64_t interval_ms);

 private:
  store::ReadCache<Principal> principals_;
  // Written on every request, so it has its own lock rather than the readers' shared one.
  std::mutex touched_mutex_;
  std::unordered_map<std::string, std::int64_t> touched_ms_;
  static constexpr std::size_t max_touched = 100'000;
  mutable std::mutex known_mutex_;
  std::unordered_set<std::string> known_;  // key hashes; emptied when it reaches max_touched
};

}  // namespace agentry::auth
