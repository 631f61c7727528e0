#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/plans.hpp"
#include "domain/runs.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "store/schedule_records.hpp"

// Schedules: a cron expression in an IANA time zone that, at each due time, starts a run of an
// agent or sends a chat message to a hosted agent. A due time fires once however many nodes
// look: its firing and the schedule's next due time are written in one transaction, with the
// run it creates (and on PostgreSQL the schedule's row is locked, SKIP LOCKED, while it fires).
// A chat message is sent after that transaction, by the node that fired it.
namespace agentry::schedules {

inline constexpr std::int64_t max_per_account = 100;
inline constexpr std::size_t max_name_chars = 200;
inline constexpr std::size_t max_message_chars = 100'000;
// A chat firing not answered within this long is over: its node stopped mid-turn.
inline constexpr std::int64_t chat_abandoned_after_ms = std::int64_t{15} * 60'000;
inline constexpr int shown_fire_times = 5;
inline constexpr std::int64_t shown_firings = 10;
// Firings are kept this long.
inline constexpr std::int64_t firing_retention_ms = std::int64_t{90} * 24 * 3'600'000;

// What the server allows in an expression.
struct Rules {
  bool allow_seconds = false;  // six fields, seconds first (--schedule-seconds)
};

// Fields a caller sets on create or changes on update; empty means "not given".
struct Draft {
  std::optional<std::string> name;
  std::optional<std::string> cron;
  std::optional<std::string> time_zone;    // default UTC on create
  std::optional<std::string> target_kind;  // run | chat; default run on create
  std::optional<std::string> agent_id;
  std::optional<std::string> input;                              // run: JSON text of an object
  std::optional<std::string> session_id;                         // chat: "" clears it
  std::optional<std::string> message;                            // chat
  std::optional<std::optional<std::int64_t>> max_credits_micro;  // set, or cleared
  std::optional<std::string> overlap;                            // skip | queue
};

// Creates an active schedule, due at its first fire time after `now_ms`. Errors:
// validation_error (cron, timeZone, an expression that never fires, name, overlap; a chat
// target without a message or with a remote agent), not_found (agentId is not an agent the
// account may run; sessionId is not the account's session with it), limit_reached
// (max_per_account).
Result<store::ScheduleRecord> create(store::Tx& tx, const std::string& account_id,
                                     const Draft& draft, const Rules& rules, std::int64_t now_ms);
// Changes a schedule; a new expression or zone is due at its first time after `now_ms`.
// Errors: as create, not_found.
Result<store::ScheduleRecord> update(store::Tx& tx, const std::string& account_id,
                                     const std::string& id, const Draft& draft, const Rules& rules,
                                     std::int64_t now_ms);
// Deletes a schedule with its firings. Errors: not_found.
Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id);
// A paused schedule is never due; resuming makes it due at its first time after `now_ms` (what
// passed meanwhile does not fire). Errors: not_found.
Result<store::ScheduleRecord> pause(store::Tx& tx, const std::string& account_id,
                                    const std::string& id, std::int64_t now_ms);
Result<store::ScheduleRecord> resume(store::Tx& tx, const std::string& account_id,
                                     const std::string& id, std::int64_t now_ms);

// Reads, for the account `account_id` only. Errors: not_found.
Result<store::ScheduleRecord> get(store::Tx& tx, const std::string& account_id,
                                  const std::string& id);
store::PageOf<store::ScheduleRecord> list(store::Tx& tx, const std::string& account_id,
                                          store::Page page);
// The schedule's latest firings (shown_firings), newest first.
std::vector<store::FiringRecord> recent_firings(store::Tx& tx, const store::ScheduleRecord& s);

// The next `count` times (ms) the schedule fires, its current due time first; none while paused.
std::vector<std::int64_t> next_fire_times(const store::ScheduleRecord& s, int count);
// The `count` times an expression fires after `after_ms` in `time_zone`, without a schedule.
// Errors: validation_error.
Result<std::vector<std::int64_t>> preview(std::string_view cron, std::string_view time_zone,
                                          std::int64_t after_ms, int count, const Rules& rules);

// The terms a run of `account_id` is priced on (its plan's discount and token limit).
using TermsOf = std::function<runs::Terms(store::Tx& tx, const std::string& account_id)>;

// Terms from the account's plan in `catalog`, as an API call of its own would have them.
TermsOf terms_by_plan(const plans::Catalog& catalog, const pricing::PriceTable& prices);

// A firing and the schedule as it stands after it. A started chat firing's message is still to
// be sent by the node that fired it.
struct Fired {
  store::ScheduleRecord schedule;
  store::FiringRecord firing;
  bool chat_to_send() const {
    return schedule.target_kind == "chat" && firing.outcome == "started";
  }
};
// Fires the schedule now, by hand, whatever its state; its due time does not change. Errors:
// not_found.
Result<Fired> trigger(store::Tx& tx, const std::string& account_id, const std::string& id,
                      const TermsOf& terms_of, std::int64_t now_ms);
// Fires up to `limit` schedules due at `now_ms`, each once, however long ago it was due (the
// times missed while no node ran fire once), and makes each due at its next time after
// `now_ms`. A firing starts a run, or is skipped (overlap skip while the last run has not
// ended) or failed (the run was refused: the agent stopped, credits short, ...); each emits
// schedule.fired.
std::vector<Fired> fire_due(store::Tx& tx, const TermsOf& terms_of, std::int64_t now_ms,
                            std::int64_t limit);
// The chat firing `firing_id` ended: its message was answered in `session_id` by `message_id`,
// or it failed with `error` (the turn was refused or the provider failed).
void chat_answered(store::Tx& tx, const std::string& firing_id, const std::string& session_id,
                   const std::string& message_id);
void chat_failed(store::Tx& tx, const std::string& firing_id, const std::string& error);
// Chat firings still unanswered that were made before `before_ms` fail (their node stopped).
std::int64_t abandon_chats(store::Tx& tx, std::int64_t before_ms);

// When the next schedule is due, if any is.
std::optional<std::int64_t> earliest_due(store::Tx& tx);

// Removes up to `limit` firings made before `before_ms`; how many.
std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::schedules
