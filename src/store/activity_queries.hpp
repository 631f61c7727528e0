#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <vector>

#include "store/activity_records.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// The SQL of the activity log.
namespace agentry::store {

// Appends `a`, sent with the closure's next statement or commit (Tx::exec_later).
void insert_activity(Tx& tx, const ActivityRecord& a);
// The account's entries matching `filter`, newest first, at most `limit`, each with its key's
// name.
std::vector<ActivityRecord> list_activity(Tx& tx, std::string_view account_id,
                                          const ActivityFilter& filter, std::int64_t limit);
// One page of the account's entries matching `filter` (its cursor aside), newest first, with
// how many match.
PageOf<ActivityRecord> page_activity(Tx& tx, std::string_view account_id,
                                     const ActivityFilter& filter, Page page);
// Removes at most `limit` entries whose id sorts before `before_id` (made before its time).
std::int64_t prune_activity(Tx& tx, const std::string& before_id, std::int64_t limit);

}  // namespace agentry::store
