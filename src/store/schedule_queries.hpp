#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"
#include "store/schedule_records.hpp"

// The SQL of schedules and their firings.
namespace agentry::store {

void insert_schedule(Tx& tx, const ScheduleRecord& s);
std::optional<ScheduleRecord> find_schedule(Tx& tx, std::string_view account_id,
                                            std::string_view id);
PageOf<ScheduleRecord> list_schedules(Tx& tx, std::string_view account_id, Page page);
std::int64_t count_schedules(Tx& tx, std::string_view account_id);
// Writes every mutable column.
void update_schedule(Tx& tx, const ScheduleRecord& s);
bool delete_schedule(Tx& tx, std::string_view account_id, std::string_view id);

// Active schedules due at `now_ms`, earliest first, locked for this transaction; rows another
// node holds are skipped on PostgreSQL.
std::vector<ScheduleRecord> due_schedules(Tx& tx, std::int64_t now_ms, std::int64_t limit);
// The earliest time an active schedule is due, if any.
std::optional<std::int64_t> earliest_due(Tx& tx);

// Records a firing; false when one for the same schedule and due time exists already.
bool insert_firing(Tx& tx, const FiringRecord& f);
void update_firing(Tx& tx, const FiringRecord& f);
// The schedule's latest firings, newest first.
std::vector<FiringRecord> recent_firings(Tx& tx, std::string_view schedule_id, std::int64_t limit);
// The latest firing of the schedule that started a run, if any.
std::optional<FiringRecord> last_started_firing(Tx& tx, std::string_view schedule_id);
// Ends a chat firing that is still unanswered: with the reply, or failed with `error`.
void end_chat_firing(Tx& tx, std::string_view id, const std::optional<std::string>& session_id,
                     const std::optional<std::string>& message_id,
                     const std::optional<std::string>& error);
// Fails every unanswered chat firing made before `before_ms` with `error`; how many.
std::int64_t abandon_chat_firings(Tx& tx, std::int64_t before_ms, std::string_view error);
// Removes at most `limit` firings made before `before_ms`.
std::int64_t prune_firings(Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::store
