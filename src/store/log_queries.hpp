#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

// The SQL of agents' logs.
namespace agentry::store {

struct LogRecord {
  std::string id;  // log_ ULID: newest has the greatest
  std::string agent_id;
  std::string level;  // debug | info | warn | error
  std::string event;  // "agent.started", "task.completed", ...
  std::string message;
  std::optional<std::string> run_id;
  std::optional<std::string> task_id;
  std::int64_t created_at_ms = 0;
};

struct LogFilter {
  std::vector<std::string> levels;  // empty: any
  std::optional<std::int64_t> since_ms;
  std::optional<std::string> run_id;
  std::optional<std::string> before_id;  // the cursor: older than this entry
};

void insert_log(Tx& tx, const LogRecord& entry);
// Newest first, at most `limit`.
std::vector<LogRecord> list_logs(Tx& tx, std::string_view agent_id, const LogFilter& filter,
                                 std::int64_t limit);
// Oldest first, the entries after `after_id` (all when empty), at most `limit`.
std::vector<LogRecord> logs_after(Tx& tx, std::string_view agent_id,
                                  const std::optional<std::string>& after_id, std::int64_t limit);
void delete_agent_logs(Tx& tx, std::string_view agent_id);
// Removes entries older than `before_ms`; how many.
std::int64_t prune_logs(Tx& tx, std::int64_t before_ms);

}  // namespace agentry::store
