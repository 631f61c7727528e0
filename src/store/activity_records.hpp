#pragma once

#include <cstdint>
#include <optional>
#include <string>

// The activity log as the store keeps it.
namespace agentry::store {

// Who makes the changes of a write transaction, when a request does (Tx::actor); a
// transaction without one is the system's (a worker, the housekeeping pass).
struct Actor {
  bool admin = false;
  std::string key_id;
  std::string client_address;
  std::string request_id;
};

struct ActivityRecord {
  std::string id;  // act_, ordered
  std::string account_id;
  std::string actor;  // key | admin | system
  std::optional<std::string> key_id;
  std::optional<std::string> key_name;  // read: the key's name now
  std::string action;                   // an operation id (createAgent) or credits.<kind>
  std::optional<std::string> target_id;
  std::optional<std::int64_t> amount_micro;  // a money movement: + into the wallet, - out
  std::optional<std::string> client_address;
  std::optional<std::string> request_id;
  std::int64_t created_at_ms = 0;
};

struct ActivityFilter {
  std::optional<std::string> actor;   // a key id, "admin" or "system"
  std::optional<std::string> action;  // exact, or a prefix ending in '*'
  std::optional<std::string> target_id;
  std::optional<std::int64_t> from_ms;   // created at or after
  std::optional<std::int64_t> to_ms;     // created before
  std::optional<std::string> before_id;  // the cursor
};

}  // namespace agentry::store
