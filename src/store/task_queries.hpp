#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

// The SQL of marketplace tasks. Every transition is a conditional update naming the state it
// leaves, so that of two racing transitions exactly one affects the row.
namespace agentry::store {

void insert_task(Tx& tx, const TaskRecord& t);
std::optional<TaskRecord> find_task(Tx& tx, std::string_view id);
PageOf<TaskRecord> list_tasks(Tx& tx, const TaskFilter& filter, Page page);

// open → assigned, unless the deadline has passed by `now_ms`.
bool assign_task(Tx& tx, std::string_view id, std::string_view agent_id,
                 std::string_view assignee_account_id, std::int64_t now_ms);
// assigned (to `assignee_account_id`) → completed.
bool complete_task(Tx& tx, std::string_view id, std::string_view assignee_account_id,
                   std::string_view result, std::int64_t fee_micro, std::int64_t payout_micro,
                   std::int64_t now_ms);
// open (posted by `account_id`) → cancelled.
bool cancel_task(Tx& tx, std::string_view id, std::string_view account_id, std::int64_t now_ms);
// open or assigned, with its deadline passed at `now_ms` → expired.
bool expire_task(Tx& tx, std::string_view id, std::int64_t now_ms);
// Records the poster's review of a completed task that has none yet.
bool review_task(Tx& tx, std::string_view id, std::string_view account_id, std::int64_t rating,
                 std::string_view comment, std::int64_t now_ms);
// Ids of open or assigned tasks whose deadline has passed, soonest first.
std::vector<std::string> due_tasks(Tx& tx, std::int64_t now_ms, std::int64_t limit);

// The agent's marketplace record: one more completed task, or one more review.
void count_agent_task(Tx& tx, std::string_view agent_id);
void add_agent_rating(Tx& tx, std::string_view agent_id, std::int64_t rating);

}  // namespace agentry::store
