#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/log_records.hpp"

// Each agent's structured log: what happened to it (lifecycle, marketplace work, runs, errors),
// written in the same transaction as the change it describes, kept for `retention_ms`.
namespace agentry::agent_log {

inline constexpr std::int64_t retention_ms = 7LL * 24 * 3600 * 1000;

struct Refs {
  std::optional<std::string> run_id;
  std::optional<std::string> task_id;
};

// Writes an entry; once it commits, the transaction signals wake_key(agent_id), which wakes the
// streams that follow the agent's log on this node.
void record(store::Tx& tx, const std::string& agent_id, std::string_view level,
            std::string_view event, std::string message, const Refs& refs, std::int64_t now_ms);

// Deletes the log of the deleted agent `agent_id`; once that commits, its streams hear of it
// (wake_key) and end.
void forget(store::Tx& tx, const std::string& agent_id);

// The signal (store::Tx::signal_after_commit) of a change of `agent_id`'s log.
std::string wake_key(std::string_view agent_id);

// The levels at or above `minimum` ("debug", "info", "warn", "error"); empty for an unknown one.
std::vector<std::string> levels_from(std::string_view minimum);

// Reads: the log of an agent, for its owner `account_id` only. Errors: not_found (no such agent
// of the account).

// Entries matching `filter`, newest first, at most `limit`.
Result<std::vector<store::LogRecord>> list(store::Tx& tx, const std::string& account_id,
                                           const std::string& agent_id,
                                           const store::LogFilter& filter, std::int64_t limit);
// Entries after `after_id` (from the oldest when nullopt), oldest first, at most `limit`: what a
// stream sends next.
Result<std::vector<store::LogRecord>> after(store::Tx& tx, const std::string& account_id,
                                            const std::string& agent_id,
                                            const std::optional<std::string>& after_id,
                                            std::int64_t limit);

}  // namespace agentry::agent_log
