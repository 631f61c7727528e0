#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/usage_records.hpp"

// The SQL of the usage and agent-figure rollups.
namespace agentry::store {

// Adds `amounts` to the account's row of `day` (YYYY-MM-DD), key, agent and model; sent with
// the closure's next statement or commit (Tx::exec_later).
void add_usage(Tx& tx, std::string_view account_id, std::string_view day, std::string_view key_id,
               std::string_view agent_id, std::string_view model, const UsageAmounts& amounts);
// The account's usage from `from_day` through `to_day` (YYYY-MM-DD, both included), summed per
// day and `group`, ordered by group then day.
std::vector<UsageRow> usage_rows(Tx& tx, std::string_view account_id, std::string_view from_day,
                                 std::string_view to_day, UsageGroup group);

// Adds `delta` to the agent's two time buckets (of different spans) in one statement;
// `account_id` is the agent's owner.
void add_agent_stats(Tx& tx, std::string_view account_id, std::string_view agent_id,
                     const StatsBuckets& buckets, const AgentStats& delta);
// Counts one run duration in histogram bucket `bucket` of those two time buckets.
void add_agent_duration(Tx& tx, std::string_view account_id, std::string_view agent_id,
                        const StatsBuckets& buckets, int bucket);
// The owner's agents' figures (or just `agent_id`'s) summed over their buckets of `span_ms`
// that start at or after `from_ms`, one row per agent that has any, by agent id.
std::vector<AgentStatsRow> agent_stats_since(Tx& tx, std::string_view account_id,
                                             const std::optional<std::string>& agent_id,
                                             std::int64_t span_ms, std::int64_t from_ms);
// Their run durations over the same buckets, per agent and histogram bucket.
std::vector<DurationCount> agent_durations_since(Tx& tx, std::string_view account_id,
                                                 const std::optional<std::string>& agent_id,
                                                 std::int64_t span_ms, std::int64_t from_ms);
// Removes the buckets of `span_ms` that start before `before_ms`; returns how many rows went.
std::int64_t prune_agent_stats(Tx& tx, std::int64_t span_ms, std::int64_t before_ms);

}  // namespace agentry::store
