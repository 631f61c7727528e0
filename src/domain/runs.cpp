#include "domain/runs.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

#include "core/ids.hpp"
#include "core/json_escape.hpp"
#include "domain/activity.hpp"
#include "domain/agent_log.hpp"
#include "domain/agent_stats.hpp"
#include "domain/agent_tools.hpp"
#include "domain/agents.hpp"
#include "domain/events.hpp"
#include "domain/hosted_prompt.hpp"
#include "domain/ledger.hpp"
#include "domain/usage.hpp"
#include "domain/webhooks.hpp"
#include "store/queries.hpp"
#include "store/run_queries.hpp"

namespace agentry::runs {
namespace {

constexpr std::int64_t ms_per_minute = 60'000;
// The claim of a run handed to its remote agent (runs::hand_off).
constexpr std::string_view remote_claim = "remote:";

bool handed_off(const store::RunRecord& run) {
  return run.claim && run.claim->starts_with(remote_claim);
}
// A few tokens of framing per message that the prompt's bytes do not show.
constexpr std::int64_t message_overhead_tokens = 32;

std::string status_event(std::string_view status, std::string_view extra = {}) {
  std::string data = R"({"status":)";
  append_json_string(data, status);
  data += extra;
  data += "}";
  return data;
}

// Appends an event to the run's events and signals it once committed.
void append_event(store::Tx& tx, const std::string& id, std::string_view type,
                  std::string_view data, std::int64_t now_ms) {
  store::append_run_event(tx, id, type, data, now_ms);
  tx.signal_after_commit(wake_key(id));
}

void emit_status(store::Tx& tx, const std::string& id, std::string_view status, std::int64_t now_ms,
                 std::string_view extra = {}) {
  append_event(tx, id, "status", status_event(status, extra), now_ms);
}

// The account's event of the run's new state (queued, active as started, or how it ended); an
// end is counted in the payer's usage and the agent's figures.
store::EventRecord announce(store::Tx& tx, const store::RunRecord& run, std::int64_t now_ms) {
  if (is_terminal(run.status)) {
    if (run.input_tokens > 0 || run.output_tokens > 0) {
      usage::add(tx, run.account_id, now_ms,
                 {.key_id = run.key_id, .agent_id = run.agent_id, .model = run.model},
                 {.input_tokens = run.input_tokens, .output_tokens = run.output_tokens});
    }
    agent_stats::run_ended(tx, run, now_ms);
  }
  const std::string type = "run." + (run.status == "active" ? "started" : run.status);
  return events::emit(tx, run.account_id, type, &run, now_ms);
}

// The run as it is now, announced: for the transitions whose statements do not return it.
void announce_current(store::Tx& tx, const std::string& id, std::int64_t now_ms) {
  if (auto run = store::find_run(tx, id)) announce(tx, *run, now_ms);
}

const pricing::ModelPrice* price_of(const store::AgentRecord& agent,
                                    const pricing::PriceTable& prices) {
  if (agent.kind != "hosted") return nullptr;
  return prices.find(agent.model.value_or(std::string(agents::default_model)));
}

// The most output tokens whose cost_micro, with the input's and `fixed`, stays within
// `budget_micro`.
std::int64_t affordable_output(const pricing::ModelPrice& price, std::int64_t input_tokens,
                               std::int64_t discount, std::int64_t fixed, std::int64_t budget_micro,
                               std::int64_t cap) {
  auto fits = [&](std::int64_t out) {
    return fixed <= budget_micro &&
           pricing::token_cost(price, input_tokens, out, discount) <= budget_micro - fixed;
  };
  if (!fits(0)) return -1;
  std::int64_t low = 0;
  std::int64_t high = cap;
  while (low < high) {
    const std::int64_t mid = low + (high - low + 1) / 2;
    if (fits(mid)) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return low;
}

ledger::Refs refs_of(const store::RunRecord& run);

}  // namespace

Charge charge_of(std::int64_t price_per_task_micro, std::int64_t max_cost_micro,
                 std::int64_t token_cost_micro, const std::string& owner, std::int64_t fee_bps,
                 std::string_view payout_kind, std::string_view fee_kind) {
  const std::int64_t price = std::min(price_per_task_micro, max_cost_micro);
  const std::int64_t tokens = std::min(token_cost_micro, max_cost_micro - price);
  const ledger::Split split = ledger::split(price, fee_bps);
  return {price + tokens,
          {{owner, split.payout_micro, std::string(payout_kind), "capture"},
           {std::string(ledger::fees_account), split.fee_micro + tokens, std::string(fee_kind),
            "fee"}}};
}

std::int64_t collect(store::Tx& tx, const std::string& hold_id, const Charge& charge,
                     std::string_view release_kind, const ledger::Refs& refs, std::int64_t now_ms) {
  if (ledger::capture(tx, hold_id, charge.payouts, release_kind, refs, now_ms))
    return charge.cost_micro;
  // The capture changed nothing: the agent's owner cannot receive more credits (the wallet is at
  // its maximum), or the hold was resolved already — which no caller allows, so a bug.
  auto released = ledger::release(tx, hold_id, release_kind, refs, now_ms);
  if (!released) throw std::logic_error("hold " + hold_id + ": " + released.error().message);
  return 0;
}

bool is_terminal(std::string_view status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

bool is_final_event(const store::RunEventRecord& event) {
  if (event.type != "status") return false;
  for (std::string_view s : {"completed", "failed", "cancelled"}) {
    if (event.data.find(R"("status":")" + std::string(s) + "\"") != std::string::npos) return true;
  }
  return false;
}

Result<Quote> quote(const store::AgentRecord& agent, std::string_view payer,
                    std::int64_t prompt_bytes, const Terms& terms,
                    std::optional<std::int64_t> max_credits, std::int64_t tool_rounds) {
  Quote q;
  q.price_per_task_micro = agent.account_id == payer ? 0 : agent.price_per_task_micro;
  if (agent.kind == "hosted") {
    q.max_input_tokens = prompt_bytes + message_overhead_tokens;
    q.max_output_tokens = terms.max_output_tokens;
  }
  const std::string model = agent.model.value_or(std::string(agents::default_model));
  const pricing::ModelPrice* price = price_of(agent, *terms.prices);
  if (agent.kind == "hosted" && !price && model != echo_model) {
    return make_error(Errc::validation_error,
                      "model " + model + " has no price: the operator adds it with --prices-file",
                      "agentId");
  }
  // No hold may pass one amount's maximum, whatever maxCredits says.
  const std::int64_t budget_micro =
      std::min(max_credits.value_or(ledger::max_amount_micro), ledger::max_amount_micro);
  if (price) {
    q.max_output_tokens =
        affordable_output(*price, q.max_input_tokens, terms.discount_percent,
                          q.price_per_task_micro, budget_micro, q.max_output_tokens);
    if (q.max_output_tokens < 1) {
      return make_error(Errc::validation_error,
                        "maxCredits: does not cover the agent's price, the input and one output "
                        "token",
                        "maxCredits");
    }
    q.max_cost_micro = pricing::token_cost(*price, q.max_input_tokens, q.max_output_tokens,
                                           terms.discount_percent) +
                       q.price_per_task_micro;
    if (tool_rounds > 0) {
      // Round k is sent at most the prompt and k rounds of output and tool answers.
      const std::int64_t growth = q.max_output_tokens +
                                  static_cast<std::int64_t>(agent_tools::max_round_result_bytes) +
                                  message_overhead_tokens;
      const std::int64_t more =
          pricing::token_cost(*price, tool_rounds * (q.max_input_tokens + tool_rounds * growth),
                              tool_rounds * q.max_output_tokens, terms.discount_percent);
      q.max_cost_micro = std::min(budget_micro, q.max_cost_micro + more);
    }
  } else {
    if (q.price_per_task_micro > budget_micro) {
      return make_error(Errc::validation_error,
                        "maxCredits: less than the agent's price of " +
                            ledger::format_credits(q.price_per_task_micro) + " credits",
                        "maxCredits");
    }
    q.max_cost_micro = q.price_per_task_micro;
  }
  return q;
}

std::int64_t token_cost_of(const store::RunRecord& run, const pricing::PriceTable& prices,
                           std::int64_t input_tokens, std::int64_t output_tokens) {
  if (run.agent_kind != "hosted" || !run.model) return 0;
  const pricing::ModelPrice* price = prices.find(*run.model);
  if (!price) return 0;
  return pricing::token_cost(*price, input_tokens, output_tokens, run.discount_percent);
}

std::int64_t tool_rounds_of(store::Tx& tx, const store::AgentRecord& agent) {
  if (agent.kind != "hosted") return 0;
  return agent_tools::offered(tx, agent).empty() ? 0 : agent_tools::max_rounds;
}

std::int64_t largest_output_within(std::int64_t max_output, std::int64_t budget,
                                   const std::function<std::int64_t(std::int64_t)>& cost_of) {
  if (cost_of(0) > budget) return 0;
  std::int64_t low = 0;  // fits
  std::int64_t high = max_output;
  if (cost_of(high) <= budget) return high;
  while (high - low > 1) {  // cost_of(high) passes the budget
    const std::int64_t mid = low + (high - low) / 2;
    (cost_of(mid) <= budget ? low : high) = mid;
  }
  return low;
}

std::int64_t next_call_output(const store::RunRecord& run, const pricing::PriceTable& prices,
                              std::int64_t input_tokens, std::int64_t output_tokens,
                              std::int64_t next_input_tokens) {
  return largest_output_within(
      run.max_output_tokens, run.max_cost_micro - run.price_per_task_micro - run.delegated_micro,
      [&](std::int64_t output) {
        return token_cost_of(run, prices, input_tokens + next_input_tokens, output_tokens + output);
      });
}

Result<store::AgentRecord> runnable_agent(store::Tx& tx, const std::string& account_id,
                                          const std::string& agent_id) {
  auto agent = store::find_agent_by_id(tx, agent_id);
  if (!agent || !agents::visible_to(*agent, account_id)) {
    return make_error(Errc::not_found, "no agent with id " + agent_id);
  }
  if (agent->status != "running") {
    Error e = make_error(Errc::conflict, "agent " + agent->id + " is stopped: start it first");
    e.current_state = agent->status;
    return e;
  }
  return std::move(*agent);
}

Result<void> within_token_limit(store::Tx& tx, const std::string& account_id,
                                std::int64_t tokens_per_minute, std::int64_t now_ms) {
  if (tokens_per_minute > 0 &&
      store::tokens_in_minute(tx, account_id, now_ms / ms_per_minute) >= tokens_per_minute) {
    return make_error(
        Errc::token_limit_exceeded,
        "the plan's " + std::to_string(tokens_per_minute) + " tokens per minute are used up");
  }
  return Ok{};
}

void count_tokens(store::Tx& tx, const std::string& account_id, std::int64_t tokens,
                  std::int64_t now_ms) {
  if (tokens > 0) store::add_tokens(tx, account_id, now_ms / ms_per_minute, tokens);
}

Result<store::RunRecord> create(store::Tx& tx, const std::string& account_id,
                                const Request& request, const Terms& terms, std::int64_t now_ms) {
  auto agent = runnable_agent(tx, account_id, request.agent_id);
  if (!agent) return agent.error();
  if (auto room = within_token_limit(tx, account_id, terms.tokens_per_minute, now_ms); !room) {
    return room.error();
  }
  const std::int64_t system_bytes =
      agent->kind == "hosted" ? hosted_prompt::max_bytes(tx, *agent)
                              : static_cast<std::int64_t>(agents::compose_prompt(*agent).size());
  const std::int64_t prompt_bytes =
      system_bytes +
      static_cast<std::int64_t>(request.input.size() + request.context_data.value_or("").size());
  auto q = quote(*agent, account_id, prompt_bytes, terms, request.max_credits,
                 tool_rounds_of(tx, *agent));
  if (!q) return q.error();

  store::RunRecord run;
  run.id = new_id("run", now_ms);
  run.account_id = account_id;
  run.agent_id = agent->id;
  run.agent_account_id = agent->account_id;
  run.agent_kind = agent->kind;
  if (agent->kind == "hosted")
    run.model = agent->model.value_or(std::string(agents::default_model));
  run.source = request.source;
  run.key_id = activity::acting_key(tx);
  run.status = "queued";
  run.input = request.input;
  run.context_data = request.context_data;
  run.max_output_tokens = q->max_output_tokens;
  run.price_per_task_micro = q->price_per_task_micro;
  run.discount_percent = terms.discount_percent;
  run.max_cost_micro = q->max_cost_micro;
  run.timeout_ms = request.timeout_ms;
  run.parent_run_id = request.parent_run_id;
  run.depth = request.depth;
  run.created_at_ms = run.updated_at_ms = now_ms;
  run.priority = std::clamp<std::int64_t>(request.priority, -1, 1);
  run.queue_at_ms = now_ms;
  if (run.priority > 0) {
    // The front of the caller's own queue: where its first queued run stands.
    if (auto first = store::first_queued_at(tx, account_id)) {
      run.queue_at_ms = std::min(now_ms, *first - 1);
    }
  } else if (run.priority < 0) {
    run.queue_at_ms = now_ms + low_priority_delay_ms;
  }
  if (run.max_cost_micro > 0) {
    auto hold = ledger::hold(tx, account_id, run.max_cost_micro, "run_hold", refs_of(run), now_ms);
    if (!hold) return hold.error();
    run.hold_id = *hold;
  }
  store::insert_run(tx, run);
  agent_stats::run_created(tx, run, now_ms);
  emit_status(tx, run.id, "queued", now_ms);
  run.event_seq = 1;
  announce(tx, run, now_ms);
  return run;
}

std::vector<std::pair<std::string, std::int64_t>> open_counts(store::Tx& tx) {
  return store::count_open_runs(tx);
}

Result<store::RunRecord> get(store::Tx& tx, const std::string& account_id, const std::string& id) {
  auto run = store::find_run(tx, id);
  if (!run || run->account_id != account_id) {
    return make_error(Errc::not_found, "no run with id " + id);
  }
  return std::move(*run);
}

namespace {

ledger::Refs refs_of(const store::RunRecord& run) {
  return {.run_id = run.id, .agent_id = run.agent_id, .key_id = run.key_id, .model = run.model};
}

void release_hold(store::Tx& tx, const store::RunRecord& run, std::int64_t now_ms) {
  if (!run.hold_id) return;
  auto released = ledger::release(tx, *run.hold_id, "run_release", refs_of(run), now_ms);
  if (!released) throw std::logic_error("run " + run.id + ": " + released.error().message);
}

// Ends a run that is in `from` with `end`, releasing its hold; the ended run, or nothing when
// it was no longer in `from` (under `claim`). A failure is logged (before the final status,
// which ends the run's event stream) only when this transaction ended the run. `announced`, when
// given, receives the account event of the end.
std::optional<store::RunRecord> end_released(store::Tx& tx, const store::RunRecord& run,
                                             std::string_view from,
                                             const std::optional<std::string>& claim,
                                             store::RunEnd end, std::int64_t now_ms,
                                             store::EventRecord* announced = nullptr) {
  auto ended = store::end_run(tx, run.id, from, claim, end, now_ms);
  if (!ended) return std::nullopt;
  release_hold(tx, *ended, now_ms);
  if (end.status == "failed") {
    log(tx, run, "error", "run.failed",
        "run " + run.id + " failed: " + end.error_message.value_or(""), now_ms);
  }
  std::string extra;
  if (end.error_code) {
    extra = R"(,"error":{"code":)";
    append_json_string(extra, *end.error_code);
    extra += R"(,"message":)";
    append_json_string(extra, end.error_message.value_or(""));
    extra += "}";
  }
  emit_status(tx, run.id, end.status, now_ms, extra);
  store::EventRecord event = announce(tx, *ended, now_ms);
  if (announced) *announced = std::move(event);
  return ended;
}

}  // namespace

Result<store::RunRecord> cancel(store::Tx& tx, const std::string& account_id, const std::string& id,
                                std::int64_t now_ms) {
  // Each step is a conditional update. When one misses, the run moved on between the read and
  // the update (claimed, handed off or ended by another transaction; on PostgreSQL each
  // statement sees the newest commit), so the decision is taken again on a fresh read. A run
  // moves forward only, so a few rounds settle it.
  constexpr int rounds = 4;
  for (int round = 0; round < rounds; ++round) {
    auto run = get(tx, account_id, id);
    if (!run) return run.error();
    if (is_terminal(run->status)) {
      Error e = make_error(Errc::conflict, "run " + id + " has already ended");
      e.current_state = run->status;
      return e;
    }
    if (run->status == "cancelling") return std::move(*run);
    if (run->status == "queued") {
      auto ended = end_released(tx, *run, "queued", std::nullopt, {.status = "cancelled"}, now_ms);
      if (ended) return std::move(*ended);
    } else if (handed_off(*run)) {
      // No worker holds it: the remote agent is told at its endpoint, through the outbox (its
      // later report would find the run ended).
      store::EventRecord event;
      auto ended =
          end_released(tx, *run, "active", run->claim, {.status = "cancelled"}, now_ms, &event);
      if (ended) {
        webhooks::notify_agent(tx, ended->agent_account_id, ended->agent_id, event);
        return std::move(*ended);
      }
    } else if (store::move_run(tx, id, run->claim.value_or(""), "active", "cancelling", now_ms)) {
      // Under the claim read above: a hand-off committed since (the claim changed) is seen on the
      // next round, and the run ends at once instead of waiting in cancelling for a worker that
      // no longer holds it.
      emit_status(tx, id, "cancelling", now_ms);
      run->status = "cancelling";
      return std::move(*run);
    }
  }
  throw std::runtime_error("run " + id + " kept changing while it was being cancelled");
}

std::vector<store::RunRecord> claim(store::Tx& tx, const std::string& claim, std::int64_t limit,
                                    const std::vector<std::string>& busy_agents,
                                    const std::function<std::int64_t(const std::string&)>& slots,
                                    std::int64_t lease_until_ms, std::int64_t now_ms) {
  std::vector<store::RunRecord> claimed;
  std::map<std::string, std::int64_t> taken;
  for (const auto& [id, agent] : store::pick_queued_runs(tx, limit, busy_agents)) {
    if (taken[agent] >= slots(agent)) continue;
    auto run = store::claim_run(tx, id, claim, lease_until_ms, now_ms);
    if (!run) continue;
    ++taken[agent];
    emit_status(tx, run->id, "active", now_ms);
    announce(tx, *run, now_ms);
    log(tx, *run, "info", "run.started",
        "run " + run->id + " started (attempt " + std::to_string(run->attempts) + ")", now_ms);
    claimed.push_back(std::move(*run));
  }
  return claimed;
}

Result<void> progress(store::Tx& tx, const std::string& id, const std::optional<std::string>& claim,
                      std::int64_t percent, std::string_view message, std::int64_t now_ms) {
  if (!store::set_run_progress(tx, id, claim, std::clamp<std::int64_t>(percent, 0, 100), now_ms)) {
    return make_error(Errc::conflict, "run " + id + " is not active");
  }
  std::string data = R"({"progress":)" + std::to_string(std::clamp<std::int64_t>(percent, 0, 100));
  if (!message.empty()) {
    data += R"(,"message":)";
    append_json_string(data, message);
  }
  data += "}";
  append_event(tx, id, "progress", data, now_ms);
  return Ok{};
}

std::string wake_key(std::string_view id) {
  std::string key = "run:";
  key += id;
  return key;
}

void output(store::Tx& tx, const std::string& id, std::string_view text, std::int64_t now_ms) {
  std::string data = R"({"text":)";
  append_json_string(data, text);
  data += "}";
  append_event(tx, id, "delta", data, now_ms);
}

void tool_called(store::Tx& tx, const store::RunRecord& run, std::string_view call_id,
                 std::string_view name, std::string_view arguments_json, std::int64_t now_ms) {
  append_event(tx, run.id, "tool_call", agent_tools::call_json(call_id, name, arguments_json),
               now_ms);
  agent_log::record(tx, run.agent_id, "info", "tool.call",
                    agent_tools::call_note(name, arguments_json), {.run_id = run.id}, now_ms);
}

void tool_answered(store::Tx& tx, const store::RunRecord& run, std::string_view call_id,
                   std::string_view name, const agent_tools::Answer& answer, std::int64_t now_ms) {
  append_event(tx, run.id, "tool_result", agent_tools::answer_json(call_id, name, answer), now_ms);
  agent_log::record(tx, run.agent_id, answer.ok ? "info" : "warn", "tool.result",
                    agent_tools::answer_note(name, answer), {.run_id = run.id}, now_ms);
}

void log(store::Tx& tx, const store::RunRecord& run, std::string_view level, std::string_view event,
         std::string message, std::int64_t now_ms) {
  std::string data = R"({"level":)";
  append_json_string(data, level);
  data += R"(,"event":)";
  append_json_string(data, event);
  data += R"(,"message":)";
  append_json_string(data, message);
  data += "}";
  append_event(tx, run.id, "log", data, now_ms);
  agent_log::record(tx, run.agent_id, level, event, std::move(message), {.run_id = run.id}, now_ms);
}

namespace {

Result<store::RunRecord> complete(store::Tx& tx, const store::RunRecord& run,
                                  const std::optional<std::string>& claim, const Outcome& outcome,
                                  std::int64_t fee_bps, const pricing::PriceTable& prices,
                                  std::int64_t now_ms) {
  const Charge charge =
      charge_of(run.price_per_task_micro, run.max_cost_micro,
                token_cost_of(run, prices, outcome.input_tokens, outcome.output_tokens),
                run.agent_account_id, fee_bps, "run_payout", "run_fee");
  const std::int64_t cost_micro =
      run.hold_id ? collect(tx, *run.hold_id, charge, "run_release", refs_of(run), now_ms) : 0;
  auto ended = store::end_run(tx, run.id, "active", claim,
                              {.status = "completed",
                               .result = outcome.result,
                               .input_tokens = outcome.input_tokens,
                               .output_tokens = outcome.output_tokens,
                               .cost_micro = cost_micro},
                              now_ms);
  if (!ended) return make_error(Errc::conflict, "run " + run.id + " is no longer held");
  store::increment_agent_runs(tx, run.agent_id);
  // The log line comes before the final status, which ends the run's event stream.
  log(tx, *ended, "info", "run.completed",
      "run " + run.id + " completed: " + std::to_string(outcome.input_tokens) + " input and " +
          std::to_string(outcome.output_tokens) + " output tokens, " +
          ledger::format_credits(cost_micro) + " credits",
      now_ms);
  emit_status(tx, run.id, "completed", now_ms, R"(,"result":)" + outcome.result);
  announce(tx, *ended, now_ms);
  return std::move(*ended);
}

}  // namespace

Result<store::RunRecord> finish(store::Tx& tx, const std::string& id,
                                const std::optional<std::string>& claim, const Outcome& outcome,
                                std::int64_t fee_bps, const pricing::PriceTable& prices,
                                std::int64_t now_ms) {
  auto run = store::find_run(tx, id);
  if (!run || (claim && run->claim != claim) ||
      (run->status != "active" && run->status != "cancelling")) {
    return make_error(Errc::conflict, "run " + id + " is no longer held");
  }
  count_tokens(tx, run->account_id, outcome.input_tokens + outcome.output_tokens, now_ms);
  using Kind = Outcome::Kind;
  if (run->status == "active" && outcome.kind == Kind::completed) {
    return complete(tx, *run, claim, outcome, fee_bps, prices, now_ms);
  }
  store::RunEnd end{.input_tokens = outcome.input_tokens, .output_tokens = outcome.output_tokens};
  if (run->status == "cancelling" || outcome.kind == Kind::cancelled) {
    end.status = "cancelled";
  } else {
    end.status = "failed";
    end.error_code = outcome.error_code;
    end.error_message = outcome.error_message;
  }
  auto ended = end_released(tx, *run, run->status, claim, end, now_ms);
  if (!ended) return make_error(Errc::conflict, "run " + id + " is no longer held");
  return std::move(*ended);
}

namespace {
// An open run of one of `account_id`'s remote agents. A report may come before the worker has
// recorded the hand-off (the agent reports as soon as it has answered 202), so any active run
// of a remote agent takes one; the first settlement wins and the worker's later write finds
// its claim gone.
Result<store::RunRecord> reported_run(store::Tx& tx, const std::string& account_id,
                                      const std::string& id) {
  auto run = store::find_run(tx, id);
  if (!run || run->agent_account_id != account_id) {
    return make_error(Errc::not_found, "no run with id " + id + " for your agents");
  }
  if (run->agent_kind != "remote" || (run->status != "active" && run->status != "cancelling")) {
    Error e = make_error(Errc::conflict, "run " + id + " is not waiting for its agent's report");
    e.current_state = run->status;
    return e;
  }
  return std::move(*run);
}
}  // namespace

Result<void> hand_off(store::Tx& tx, const std::string& id, const std::string& claim,
                      std::int64_t deadline_ms, std::int64_t now_ms) {
  auto run = store::find_run(tx, id);
  if (!run || !store::hand_off_run(tx, id, claim, deadline_ms, now_ms)) {
    return make_error(Errc::conflict, "run " + id + " is no longer held");
  }
  log(tx, *run, "info", "run.handed_off",
      "run " + id + " was accepted by the remote agent, which reports its result", now_ms);
  return Ok{};
}

Result<store::RunRecord> report_progress(store::Tx& tx, const std::string& account_id,
                                         const std::string& id, std::int64_t percent,
                                         std::string_view message, std::int64_t now_ms) {
  auto run = reported_run(tx, account_id, id);
  if (!run) return run.error();
  // No claim: the worker may be recording the hand-off meanwhile (see reported_run).
  if (auto moved = progress(tx, id, std::nullopt, percent, message, now_ms); !moved) {
    return moved.error();
  }
  run->progress = std::clamp<std::int64_t>(percent, 0, 100);
  return run;
}

Result<store::RunRecord> report_end(store::Tx& tx, const std::string& account_id,
                                    const std::string& id, const Outcome& outcome,
                                    std::int64_t fee_bps, const pricing::PriceTable& prices,
                                    std::int64_t now_ms) {
  auto run = reported_run(tx, account_id, id);
  if (!run) return run.error();
  return finish(tx, id, std::nullopt, outcome, fee_bps, prices, now_ms);
}

bool requeue(store::Tx& tx, const std::string& id, const std::string& claim, std::int64_t now_ms) {
  auto run = store::find_run(tx, id);
  if (!run || !store::requeue_run(tx, id, claim, now_ms)) return false;
  emit_status(tx, id, "queued", now_ms);
  announce_current(tx, id, now_ms);
  log(tx, *run, "warn", "run.requeued", "run " + id + " is queued again: its worker shut down",
      now_ms);
  return true;
}

std::int64_t recover(store::Tx& tx, std::int64_t now_ms, std::int64_t limit,
                     std::int64_t max_attempts) {
  auto lapsed = store::runs_with_lapsed_lease(tx, now_ms, limit);
  for (const auto& run : lapsed) {
    const std::string claim = run.claim.value_or("");
    if (run.status == "active" && !handed_off(run) && run.attempts < max_attempts &&
        store::requeue_run(tx, run.id, claim, now_ms)) {
      emit_status(tx, run.id, "queued", now_ms);
      announce_current(tx, run.id, now_ms);
      log(tx, run, "warn", "run.requeued", "run " + run.id + " lost its worker and is queued again",
          now_ms);
      continue;
    }
    store::RunEnd end{.status = "cancelled"};
    if (run.status == "active" && handed_off(run)) {
      end = {.status = "failed",
             .error_code = "timeout",
             .error_message = "the remote agent did not report within the run's time limit"};
    } else if (run.status == "active") {
      end = {.status = "failed",
             .error_code = "worker_lost",
             .error_message = "the worker executing the run stopped " +
                              std::to_string(run.attempts) + " time(s)"};
    }
    end_released(tx, run, run.status, claim, end, now_ms);
  }
  return static_cast<std::int64_t>(lapsed.size());
}

std::vector<store::RunRecord> list(store::Tx& tx, const std::string& account_id,
                                   store::RunFilter filter, std::int64_t limit) {
  filter.account_id = account_id;
  return store::list_runs(tx, filter, limit);
}

Result<std::vector<store::RunEventRecord>> events_after(store::Tx& tx,
                                                        const std::string& account_id,
                                                        const std::string& id,
                                                        std::int64_t after_seq,
                                                        std::int64_t limit) {
  if (auto run = get(tx, account_id, id); !run) return run.error();
  return store::run_events_after(tx, id, after_seq, limit);
}

std::optional<std::string> renew_lease(store::Tx& tx, const std::string& id,
                                       const std::string& claim, std::int64_t lease_until_ms) {
  return store::renew_run_lease(tx, id, claim, lease_until_ms);
}

std::vector<std::string> cancelling(store::Tx& tx, std::int64_t limit) {
  return store::cancelling_runs(tx, limit);
}

}  // namespace agentry::runs
