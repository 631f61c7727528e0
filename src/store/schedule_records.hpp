#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Schedules and their firings as the store keeps them.
namespace agentry::store {

struct ScheduleRecord {
  std::string id;  // sch_
  std::string account_id;
  std::string name;
  std::string cron;
  std::string time_zone;
  std::string target_kind;  // run | chat
  std::string agent_id;
  std::optional<std::string> input;       // run: JSON text of an object
  std::optional<std::string> session_id;  // chat: the session it continues (none: a new one)
  std::optional<std::string> message;     // chat: the message it sends
  std::optional<std::int64_t> max_credits_micro;
  std::string overlap;                          // skip | queue
  std::string status;                           // active | paused
  std::optional<std::int64_t> next_fire_at_ms;  // due then; none while paused
  std::optional<std::int64_t> last_fired_at_ms;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// One firing: at its due time, or by hand (trigger) without one.
struct FiringRecord {
  std::string id;  // sfr_
  std::string schedule_id;
  std::string account_id;
  std::optional<std::int64_t> due_at_ms;  // none: triggered by hand
  std::int64_t fired_at_ms = 0;
  std::string outcome;  // started | skipped | failed
  std::optional<std::string> run_id;
  std::optional<std::string> session_id;
  std::optional<std::string> message_id;
  std::optional<std::string> error;
};

}  // namespace agentry::store
