#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/event_records.hpp"

// The SQL of events.
namespace agentry::store {

// Appends `event`, sent with the closure's next statement or commit (Tx::exec_later).
void insert_event(Tx& tx, const EventRecord& event);
std::optional<EventRecord> find_event(Tx& tx, std::string_view account_id, std::string_view id);
// The account's events matching `filter`, newest first, at most `limit`.
std::vector<EventRecord> list_events(Tx& tx, std::string_view account_id, const EventFilter& filter,
                                     std::int64_t limit);
// Removes at most `limit` events created before `before_ms`; how many.
std::int64_t prune_events(Tx& tx, const std::string& before_id, std::int64_t limit);

}  // namespace agentry::store
