#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/agent_tools.hpp"
#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/pricing.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"

// Runs of agents (DESIGN.md "State machines"): queued → active → completed | failed | cancelled,
// with cancelling while a cancel reaches a running agent. Each transition is one transaction with
// its money and its events: a run holds its maximum cost_micro when it is created, captures the
// actual cost_micro when it completes (tokens to the platform, the agent's pricePerTask to its
// owner less the platform's fee) and releases everything when it fails or is cancelled.
namespace agentry::runs {

// The built-in provider that answers without a network: for trying the server, not a model.
using agents::echo_model;

// Every transition of a run holds or settles its cost_micro: its transaction is isolated as
// money's.
inline constexpr store::WriteIsolation isolation = ledger::isolation;

// How long a run's events are kept; then only its last one (the final status) remains.
inline constexpr std::int64_t event_retention_ms = 7LL * 24 * 3600 * 1000;

// The server's and the payer's terms for a new run.
struct Terms {
  const pricing::PriceTable* prices = nullptr;
  std::int64_t discount_percent = 0;   // the payer's plan's volume discount on tokens
  std::int64_t tokens_per_minute = 0;  // the payer's plan's limit; 0: none
  std::int64_t max_output_tokens = 0;  // the server's cap on one run's output
};

struct Request {
  std::string agent_id;
  std::string input;                        // JSON text of an object
  std::optional<std::string> context_data;  // JSON text
  std::optional<std::int64_t> max_credits;  // micro-credits: the most the caller will pay
  std::string source = "run";               // run | execute
  std::int64_t timeout_ms = 0;
  std::optional<std::string> parent_run_id;  // a delegated run's parent (delegation.hpp)
  std::int64_t depth = 0;
  // Its place in the caller's queue: 1 ahead of the caller's queued runs (never ahead of
  // another account's older ones), 0 in order, -1 behind what comes in the next minute.
  std::int64_t priority = 0;
};

// How long a low-priority run yields to newer work.
inline constexpr std::int64_t low_priority_delay_ms = 60'000;

// The most a run may cost_micro, and the output it may ask of the model to stay within that.
struct Quote {
  std::int64_t max_input_tokens = 0;
  std::int64_t max_output_tokens = 0;
  std::int64_t price_per_task_micro = 0;  // 0 when the payer owns the agent
  std::int64_t max_cost_micro = 0;
};

// Prices a run of `agent` for `payer` whose prompt (system prompt, input, context) has
// `prompt_bytes` bytes; a tokenizer makes at most one token of each byte. With `tool_rounds`
// (the agent is offered tools) the most it may cost also covers that many more model calls,
// each sent the conversation so far with a round of tool answers — as much of that as
// maxCredits allows: each call is made only when it fits what was held (affords). Errors:
// validation_error (the model has no price; maxCredits does not cover the agent's price, the
// input and one output token).
Result<Quote> quote(const store::AgentRecord& agent, std::string_view payer,
                    std::int64_t prompt_bytes, const Terms& terms,
                    std::optional<std::int64_t> max_credits, std::int64_t tool_rounds = 0);

// How many rounds of tool calls a hosted agent's run or turn may make: agent_tools::max_rounds
// when it is offered any tool, else 0.
std::int64_t tool_rounds_of(store::Tx& tx, const store::AgentRecord& agent);

// The most output one more model call sent `next_input_tokens` may ask for (at most the run's
// max_output_tokens) so that the run's calls, after ones that used `input_tokens` and
// `output_tokens`, stay within what it holds; 0 when not even one token fits.
std::int64_t next_call_output(const store::RunRecord& run, const pricing::PriceTable& prices,
                              std::int64_t input_tokens, std::int64_t output_tokens,
                              std::int64_t next_input_tokens);

// The largest output from 0 to `max_output` whose cost with the rest, `cost_of(output)`, is at
// most `budget`; cost_of must grow with the output.
std::int64_t largest_output_within(std::int64_t max_output, std::int64_t budget,
                                   const std::function<std::int64_t(std::int64_t)>& cost_of);

// An agent `account_id` may run: its own or a public one (else not_found), running (else
// conflict with its state).
Result<store::AgentRecord> runnable_agent(store::Tx& tx, const std::string& account_id,
                                          const std::string& agent_id);
// token_limit_exceeded when the account has used `tokens_per_minute` (0: no limit) in the
// current UTC minute.
Result<void> within_token_limit(store::Tx& tx, const std::string& account_id,
                                std::int64_t tokens_per_minute, std::int64_t now_ms);
// Counts `tokens` used by the account in the current minute.
void count_tokens(store::Tx& tx, const std::string& account_id, std::int64_t tokens,
                  std::int64_t now_ms);

// Queues a run of an agent the caller owns or that is public, holding its maximum cost_micro.
// Errors: not_found (no such agent for the caller), conflict (the agent is stopped),
// validation_error (see quote), insufficient_credits, token_limit_exceeded (the plan's tokens
// for this minute are used up).
Result<store::RunRecord> create(store::Tx& tx, const std::string& account_id,
                                const Request& request, const Terms& terms, std::int64_t now_ms);

// The run, when `account_id` started it. Errors: not_found.
Result<store::RunRecord> get(store::Tx& tx, const std::string& account_id, const std::string& id);

// How many runs of all accounts are queued, active and cancelling.
std::vector<std::pair<std::string, std::int64_t>> open_counts(store::Tx& tx);

// The caller's runs matching `filter` (its account_id is set to the caller's), newest first, at
// most `limit`.
std::vector<store::RunRecord> list(store::Tx& tx, const std::string& account_id,
                                   store::RunFilter filter, std::int64_t limit);

// The events of the caller's run `id` numbered after `after_seq`, in order, at most `limit`.
// Errors: not_found.
Result<std::vector<store::RunEventRecord>> events_after(store::Tx& tx,
                                                        const std::string& account_id,
                                                        const std::string& id,
                                                        std::int64_t after_seq, std::int64_t limit);

// The caller cancels: a queued run ends at once and its hold is released; an active one becomes
// cancelling until its worker stops; a cancelling one is answered as it is. Errors: not_found,
// conflict (the run already ended; with its state).
Result<store::RunRecord> cancel(store::Tx& tx, const std::string& account_id, const std::string& id,
                                std::int64_t now_ms);

// A worker takes up to `limit` queued runs under `claim` until `lease_until_ms`, oldest first,
// at most `slots(agent id)` of each agent (its free places on this worker; 0 for a busy one,
// whose id is also in `busy_agents` so that the store skips it).
std::vector<store::RunRecord> claim(store::Tx& tx, const std::string& claim, std::int64_t limit,
                                    const std::vector<std::string>& busy_agents,
                                    const std::function<std::int64_t(const std::string&)>& slots,
                                    std::int64_t lease_until_ms, std::int64_t now_ms);

// The worker that holds a run under `claim` keeps it until `lease_until_ms`; the run's status, or
// nullopt when the claim is lost (the run was recovered or settled elsewhere).
std::optional<std::string> renew_lease(store::Tx& tx, const std::string& id,
                                       const std::string& claim, std::int64_t lease_until_ms);
// Runs whose cancel waits for the worker that holds them, at most `limit`.
std::vector<std::string> cancelling(store::Tx& tx, std::int64_t limit);

// Progress reported by whoever executes the run (0–100, never backwards). Errors: conflict (the
// claim is lost or the run is not active).
Result<void> progress(store::Tx& tx, const std::string& id, const std::optional<std::string>& claim,
                      std::int64_t percent, std::string_view message, std::int64_t now_ms);

// The signal (store::Tx::signal_after_commit) of a new event of run `id`: every function here
// that appends one to the run's events sends it once its transaction commits, which wakes the
// run's streams and waits on every node.
std::string wake_key(std::string_view id);

// Output produced so far, appended to the run's events as a delta.
void output(store::Tx& tx, const std::string& id, std::string_view text, std::int64_t now_ms);

// A tool call the run's model made (event tool_call {id, name, arguments}) and the answer it
// got (event tool_result {id, name, ok, text}), each with a line in the agent's log.
void tool_called(store::Tx& tx, const store::RunRecord& run, std::string_view call_id,
                 std::string_view name, std::string_view arguments_json, std::int64_t now_ms);
void tool_answered(store::Tx& tx, const store::RunRecord& run, std::string_view call_id,
                   std::string_view name, const agent_tools::Answer& answer, std::int64_t now_ms);

// A log line of the run: in the agent's log and the run's events.
void log(store::Tx& tx, const store::RunRecord& run, std::string_view level, std::string_view event,
         std::string message, std::int64_t now_ms);

// How an execution ended.
struct Outcome {
  enum class Kind { completed, failed, cancelled } kind = Kind::failed;
  std::string result;  // completed: JSON text
  std::string error_code;
  std::string error_message;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
};

// Settles a run held under `claim` (any open run when nullopt: a remote agent's report):
// completed captures the cost_micro, failed and cancelled release the hold. A run that is
// cancelling ends cancelled whatever the outcome. Tokens count towards the payer's minute. Errors:
// conflict (the claim is lost: the run was recovered or settled elsewhere; nothing is written).
Result<store::RunRecord> finish(store::Tx& tx, const std::string& id,
                                const std::optional<std::string>& claim, const Outcome& outcome,
                                std::int64_t fee_bps, const pricing::PriceTable& prices,
                                std::int64_t now_ms);

// A remote agent answered 202: it reports progress and its result through the API
// (report_progress, report_end) until `deadline_ms`, when the run fails with timeout. Errors:
// conflict (the claim is lost).
Result<void> hand_off(store::Tx& tx, const std::string& id, const std::string& claim,
                      std::int64_t deadline_ms, std::int64_t now_ms);

// The agent's owner (`account_id`) reports on a run handed to its remote agent. Errors:
// not_found (no such run of the caller's agents), conflict (the run is not open, or its agent
// is hosted; with its state).
Result<store::RunRecord> report_progress(store::Tx& tx, const std::string& account_id,
                                         const std::string& id, std::int64_t percent,
                                         std::string_view message, std::int64_t now_ms);
// The same, ending the run with `outcome` (settled as finish() does).
Result<store::RunRecord> report_end(store::Tx& tx, const std::string& account_id,
                                    const std::string& id, const Outcome& outcome,
                                    std::int64_t fee_bps, const pricing::PriceTable& prices,
                                    std::int64_t now_ms);

// Hands a run held under `claim` back to the queue (its worker is shutting down); false when
// the claim is lost.
bool requeue(store::Tx& tx, const std::string& id, const std::string& claim, std::int64_t now_ms);

// Recovers up to `limit` runs whose lease lapsed before `now_ms` (their worker died): an active
// run with fewer than `max_attempts` attempts goes back to the queue, any other ends failed
// (cancelling ones cancelled) with its hold released. How many it recovered.
std::int64_t recover(store::Tx& tx, std::int64_t now_ms, std::int64_t limit,
                     std::int64_t max_attempts);

// What the run's tokens cost_micro at its model's price and discount (0 for a model without a
// price).
std::int64_t token_cost_of(const store::RunRecord& run, const pricing::PriceTable& prices,
                           std::int64_t input_tokens, std::int64_t output_tokens);

// What finished work costs and who is paid from its hold: the agent's price to its owner less
// `fee_bps`; the fee and the tokens to the platform, in one transfer (a hold pays each party
// once). The cost_micro never passes `max_cost_micro`, what was held.
struct Charge {
  std::int64_t cost_micro = 0;
  std::vector<ledger::Payout> payouts;
};
Charge charge_of(std::int64_t price_per_task_micro, std::int64_t max_cost_micro,
                 std::int64_t token_cost_micro, const std::string& owner, std::int64_t fee_bps,
                 std::string_view payout_kind, std::string_view fee_kind);

// Captures `charge` from the hold and returns what it cost_micro. When a payee's wallet cannot take
// its payout (it is at ledger::max_wallet_micro) the hold is released instead and the work is free:
// returns 0.
std::int64_t collect(store::Tx& tx, const std::string& hold_id, const Charge& charge,
                     std::string_view release_kind, const ledger::Refs& refs, std::int64_t now_ms);

bool is_terminal(std::string_view status);

// True for a run's last event: the status event of its end (completed, failed or cancelled).
bool is_final_event(const store::RunEventRecord& event);

}  // namespace agentry::runs
