#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"

// The SQL of runs, their event logs and the tokens each account used per minute.
namespace agentry::store {

void insert_run(Tx& tx, const RunRecord& run);
// Adds to what the run has handed its children (delegated_micro).
void add_delegated(Tx& tx, std::string_view run_id, std::int64_t amount_micro);
// The queue_at of the account's first queued run in claim order, if it has one.
std::optional<std::int64_t> first_queued_at(Tx& tx, std::string_view account_id);
std::optional<RunRecord> find_run(Tx& tx, std::string_view id);
// The account's runs, newest first, at most `limit`.
std::vector<RunRecord> list_runs(Tx& tx, const RunFilter& filter, std::int64_t limit);

// Up to `limit` queued runs in queue order (queue_at, then id), none of `busy_agents`: (id,
// agent id) pairs. On
// PostgreSQL the rows are locked until the transaction ends, and rows another node has locked
// are skipped (FOR UPDATE SKIP LOCKED) instead of waited for.
// How many runs are queued, active and cancelling.
std::vector<std::pair<std::string, std::int64_t>> count_open_runs(Tx& tx);
std::vector<std::pair<std::string, std::string>> pick_queued_runs(
    Tx& tx, std::int64_t limit, const std::vector<std::string>& busy_agents);
// Makes a queued run active under `claim` with a lease until `lease_until_ms`; the run, or
// nothing when it is no longer queued.
std::optional<RunRecord> claim_run(Tx& tx, std::string_view id, std::string_view claim,
                                   std::int64_t lease_until_ms, std::int64_t now_ms);
// Extends the lease of a run still held under `claim`; its status, or nothing when the claim is
// lost (the run was recovered or settled).
std::optional<std::string> renew_run_lease(Tx& tx, std::string_view id, std::string_view claim,
                                           std::int64_t lease_until_ms);
// Runs whose lease ran out before `now_ms`, at most `limit`.
std::vector<RunRecord> runs_with_lapsed_lease(Tx& tx, std::int64_t now_ms, std::int64_t limit);

// Moves a run held under `claim` from `from_status` to `to_status`; false when it is no longer
// in `from_status` under that claim.
bool move_run(Tx& tx, std::string_view id, std::string_view claim, std::string_view from_status,
              std::string_view to_status, std::int64_t now_ms);
// Sets the progress of an open run held under `claim` (any claim when nullopt); false when it
// is not.
bool set_run_progress(Tx& tx, std::string_view id, const std::optional<std::string>& claim,
                      std::int64_t progress, std::int64_t now_ms);
// Hands an active run held under `claim` to its remote agent: the claim becomes "remote:" +
// claim and the lease lasts until `deadline_ms`. False when the claim is lost.
bool hand_off_run(Tx& tx, std::string_view id, std::string_view claim, std::int64_t deadline_ms,
                  std::int64_t now_ms);
// Puts an active run whose worker vanished back in the queue; false when it moved meanwhile.
bool requeue_run(Tx& tx, std::string_view id, std::string_view claim, std::int64_t now_ms);

// How a run ended.
struct RunEnd {
  std::string status;  // completed | failed | cancelled
  std::optional<std::string> result;
  std::optional<std::string> error_code;
  std::optional<std::string> error_message;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cost_micro = 0;
};
// Ends a run that is in `from_status` (and held under `claim`, if given); the updated run, or
// nothing when it was not.
std::optional<RunRecord> end_run(Tx& tx, std::string_view id, std::string_view from_status,
                                 const std::optional<std::string>& claim, const RunEnd& end,
                                 std::int64_t now_ms);

// Appends an event to the run's log; its number.
std::int64_t append_run_event(Tx& tx, std::string_view run_id, std::string_view type,
                              std::string_view data, std::int64_t now_ms);
// The events numbered after `after_seq`, in order, at most `limit`.
std::vector<RunEventRecord> run_events_after(Tx& tx, std::string_view run_id,
                                             std::int64_t after_seq, std::int64_t limit);

// Runs in `cancelling`: a cancel waits for the worker that holds them. At most `limit`.
std::vector<std::string> cancelling_runs(Tx& tx, std::int64_t limit);

// Deletes the events written before `before_ms`, except each run's last one (its final
// status, which ends a stream read from the start); how many.
std::int64_t prune_run_events(Tx& tx, std::int64_t before_ms);

// Tokens the account used in the UTC minute `minute` (Unix ms / 60000).
std::int64_t tokens_in_minute(Tx& tx, std::string_view account_id, std::int64_t minute);
void add_tokens(Tx& tx, std::string_view account_id, std::int64_t minute, std::int64_t tokens);
// Forgets minutes before `before_minute`; how many rows.
std::int64_t prune_token_minutes(Tx& tx, std::int64_t before_minute);

}  // namespace agentry::store
