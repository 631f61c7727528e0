#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Events (what changed in an account, for GET /v1/events and webhooks) as the store keeps them.
namespace agentry::store {

struct EventRecord {
  std::string id;  // evt_ ULID: the newest has the greatest
  std::string account_id;
  std::string type;                     // "run.completed", ...
  std::optional<std::string> agent_id;  // the agent the event is about, if any
  std::string data;                     // JSON text of the object, as /v1 shows it
  std::int64_t created_at_ms = 0;
};

struct EventFilter {
  // Type patterns, any of which matches: an exact type, "prefix.*" or "*". Empty: any.
  std::vector<std::string> types;
  std::optional<std::string> agent_id;
  std::optional<std::string> before_id;  // the cursor: older than this event
};

}  // namespace agentry::store
