#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/log_records.hpp"

// The SQL of agents' logs.
namespace agentry::store {

// Appends `entry`, sent with the closure's next statement or commit (Tx::exec_later).
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
