#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/activity_records.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// The activity log: an account's audit trail. Every change made through the API is an entry
// (the route's operation, its target, the key or admin that made it, the client address and
// request id), and so is every money movement of the account's wallet, each written in the
// transaction of what it records. Changes no request made (a worker, the housekeeping pass)
// are the system's.
namespace agentry::activity {

// Records `action` on `target_id` for `account_id` in `tx`, by tx's actor (or the system), with
// `amount_micro` for a money movement.
void record(store::Tx& tx, const std::string& account_id, std::string_view action,
            const std::optional<std::string>& target_id, std::int64_t now_ms,
            std::optional<std::int64_t> amount_micro = std::nullopt);

// The API key making tx's changes, when a request with a key is: what a run, chat turn or
// money movement is counted under in the account's usage.
std::optional<std::string> acting_key(const store::Tx& tx);

// The account's entries matching `filter`, newest first, at most `limit`. Errors:
// validation_error (an action pattern other than a name or a prefix ending in '*').
Result<std::vector<store::ActivityRecord>> list(store::Tx& tx, const std::string& account_id,
                                                const store::ActivityFilter& filter,
                                                std::int64_t limit);

// One page of the account's entries matching `filter` (its cursor aside), newest first, with how
// many match. Errors: as list.
Result<store::PageOf<store::ActivityRecord>> page(store::Tx& tx, const std::string& account_id,
                                                  const store::ActivityFilter& filter,
                                                  store::Page page);

// Removes at most `limit` entries made before `before_ms`; how many.
std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::activity
