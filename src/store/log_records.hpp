#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Agents' log entries as the store keeps them, and how a list of them is filtered.
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

}  // namespace agentry::store
