#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

#include "core/limits.hpp"
#include "domain/delegation.hpp"
#include "domain/hosted_prompt.hpp"
#include "domain/runs.hpp"
#include "domain/secrets.hpp"
#include "runtime/await_db.hpp"
#include "runtime/provider_call.hpp"
#include "runtime/provider_keys.hpp"
#include "runtime/query_embedding.hpp"
#include "runtime/run_execution.hpp"
#include "runtime/run_prompt.hpp"
#include "runtime/tool_rounds.hpp"

// The execution of one run: the model call beside a loop that writes its output and renews its
// lease, raced against the run's stop signal.
namespace agentry::runtime {
namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {
using Kind = runs::Outcome::Kind;

std::chrono::milliseconds ms(std::int64_t n) {
  return std::chrono::milliseconds(n);
}

// The outcome of a model call that answered, and what the run's log says of it. A model stopped
// while it still asked for tools ends the run with what it wrote, or fails when it wrote
// nothing.
void record_answer(const Result<ToolOutcome>& answered,
                   const std::vector<hosted_prompt::Source>& sources, runs::Outcome& outcome,
                   std::string& note) {
  if (!answered) {
    note += ": " + answered.error().message;
    outcome = failure("provider_error", answered.error().message);
    return;
  }
  const Completion& completion = answered->completion;
  note += ": " + std::to_string(completion.input_tokens) + " input and " +
          std::to_string(completion.output_tokens) + " output tokens";
  if (answered->rounds > 0) note += " in " + std::to_string(answered->rounds + 1) + " calls";
  outcome.input_tokens = completion.input_tokens;
  outcome.output_tokens = completion.output_tokens;
  if (!answered->unfinished.empty()) {
    const bool rounds = answered->unfinished == "rounds";
    const std::string why =
        rounds ? "the model still asked for tools after " +
                     std::to_string(agent_tools::max_rounds) + " rounds"
               : "the model's next call with its tools' answers would pass what the run holds "
                 "(maxCredits)";
    note += "; " + why;
    if (completion.text.empty()) {
      outcome = failure(rounds ? "tool_rounds_exhausted" : "budget_exhausted", why);
      outcome.input_tokens = completion.input_tokens;
      outcome.output_tokens = completion.output_tokens;
      return;
    }
  }
  outcome.kind = Kind::completed;
  outcome.result = result_of(completion.text, sources);
}

}  // namespace

asio::awaitable<void> RunWorker::call_model(const store::RunRecord& run, Execution& exec,
                                            Attempt& attempt) {
  const std::string model = run.model.value_or("");
  std::optional<Result<ResolvedProvider>> resolved;
  hosted_prompt::Prompt prompt;
  std::vector<agent_tools::Spec> tools;
  const QueryEmbedding embedded =
      co_await query_embedding(db_, providers_.embedder(), run.agent_id, input_text_of(run.input));
  auto agent = co_await db_read(db_, [&](store::Tx& tx) {
    auto found = agents::load(tx, run.agent_id);
    if (found) {
      resolved = resolve_provider(tx, providers_, vault_, *found, model);
      prompt = hosted_prompt::compose(tx, *found, input_text_of(run.input), embedded.embedding);
      tools = agent_tools::offered(tx, *found);
      if (options_.terms_of && delegation::may_delegate(run, *found)) {
        tools.push_back(agent_tools::ask_agent);
      }
    }
    return found;
  });
  if (!agent) {
    attempt.outcome = failure("agent_deleted", "the agent was deleted before the run started");
    co_return;
  }
  if (!*resolved) {
    attempt.outcome = failure("provider_not_configured", resolved->error().message);
    co_return;
  }
  attempt.retrieval_note = std::move(prompt.retrieval_note);
  note_failure(attempt.retrieval_note, embedded);
  CompletionRequest request = request_of(run, std::move(prompt.system));
  request.api_key = std::move((*resolved)->api_key);
  request.tools = tool_specs(tools);
  Provider* provider = (*resolved)->provider;
  // What the run may still spend on its own calls shrinks as it hands budget to children.
  store::RunRecord budget = run;
  const ToolHost host{
      .run = [&](const ToolCall& call,
                 const Completion& so_far) -> asio::awaitable<agent_tools::Answer> {
        co_await db_write(db_, [&](store::Tx& tx) {
          runs::tool_called(tx, run, call.id, call.name, call.arguments, clock_.now_ms());
          return 0;
        });
        agent_tools::Answer answer;
        if (call.name == agent_tools::ask_agent.name) {
          answer = co_await ask_member(budget, call, so_far);
        } else {
          answer = co_await answer_tool_call(db_, providers_.embedder(), *agent, call);
        }
        co_await db_write(db_, [&](store::Tx& tx) {
          runs::tool_answered(tx, run, call.id, call.name, answer, clock_.now_ms());
          return 0;
        });
        co_return answer;
      },
      .next_output =
          [&](const Completion& so_far, std::int64_t next_input_tokens) {
            return runs::next_call_output(budget, prices_, so_far.input_tokens,
                                          so_far.output_tokens, next_input_tokens);
          }};
  const auto called_at = std::chrono::steady_clock::now();

  auto call = [&]() -> asio::awaitable<std::optional<Result<ToolOutcome>>> {
    auto on_delta = [&](std::string_view delta) {
      attempt.bytes += delta.size();
      if (attempt.bytes > limits::run_max_output_bytes) {
        exec.interrupt(Execution::too_large);
        return;
      }
      attempt.pending.append(delta);
    };
    co_return co_await complete_with_tools(
        *provider, std::move(request), on_delta, exec.stop,
        [&] { return exec.reason.load() != Execution::deadline; }, host);
  };
  const std::string claim = run.claim.value_or("");
  auto ended = co_await (call() || keep_run(run.id, claim, attempt));
  const auto took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - called_at)
                           .count();
  attempt.provider_note = (*resolved)->name + " " + model + ", " + std::to_string(took_ms) + " ms";
  if (ended.index() == 1) {
    if (std::get<1>(ended) == Interrupted::lost) attempt.abandon = true;
    attempt.outcome.kind = Kind::cancelled;
  } else if (!std::get<0>(ended)) {
    stopped(exec, run, attempt);
  } else {
    record_answer(*std::get<0>(ended), prompt.sources, attempt.outcome, attempt.provider_note);
  }
}

asio::awaitable<RunWorker::Interrupted> RunWorker::keep_run(const std::string& id,
                                                            const std::string& claim,
                                                            Attempt& attempt) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto renew_at = std::chrono::steady_clock::now() + ms(options_.lease_ms / 3);
  for (;;) {
    timer.expires_after(ms(limits::run_flush_ms));
    co_await timer.async_wait(asio::use_awaitable);
    if (!attempt.pending.empty()) {
      std::string text = std::exchange(attempt.pending, {});
      co_await db_write(db_, [&](store::Tx& tx) {
        runs::output(tx, id, text, clock_.now_ms());
        return 0;
      });
    }
    if (std::chrono::steady_clock::now() >= renew_at) {
      auto status = co_await db_write(db_, [&](store::Tx& tx) {
        return runs::renew_lease(tx, id, claim, clock_.now_ms() + options_.lease_ms);
      });
      if (!status) co_return Interrupted::lost;
      if (*status == "cancelling") co_return Interrupted::cancelling;
      renew_at = std::chrono::steady_clock::now() + ms(options_.lease_ms / 3);
    }
  }
}

void RunWorker::stopped(const Execution& exec, const store::RunRecord& run, Attempt& attempt) {
  switch (exec.reason.load()) {
    case Execution::cancelled:
      attempt.outcome.kind = Kind::cancelled;
      break;
    case Execution::shutdown:
      attempt.requeue = true;
      break;
    case Execution::too_large:
      attempt.outcome =
          failure("output_too_large", "the model's output passed " +
                                          std::to_string(limits::run_max_output_bytes) + " bytes");
      break;
    default:
      attempt.outcome = failure(
          "timeout", "the run passed its time limit of " + std::to_string(run.timeout_ms) + " ms");
  }
}

asio::awaitable<void> RunWorker::perform(store::RunRecord run, std::shared_ptr<Execution> exec) {
  const std::string id = run.id;
  const std::string agent_id = run.agent_id;
  const std::string claim = run.claim.value_or("");
  const std::int64_t limit_ms = std::min(run.timeout_ms, limits::run_timeout_ms);
  exec->stop.expires_after(ms(limit_ms));
  const std::int64_t deadline_ms = run.started_at_ms.value_or(clock_.now_ms()) + limit_ms;
  Attempt attempt;
  try {
    if (run.agent_kind == "hosted") {
      co_await call_model(run, *exec, attempt);
    } else {
      co_await call_remote(run, *exec, attempt, deadline_ms);
    }
  } catch (const std::exception& e) {
    attempt.outcome = failure("internal_error", "the run's execution failed");
    log_.log("error", "run " + id + ": " + e.what());
  }
  Result<void> settled = Ok{};
  try {
    if (attempt.requeue) {
      co_await db_write(
          db_, [&](store::Tx& tx) { return runs::requeue(tx, id, claim, clock_.now_ms()); },
          runs::isolation);
    } else if (attempt.hand_off) {
      // The agent may have reported already (its reports can overtake this write): then the
      // claim is gone and nothing is written. A cancel that came meanwhile ends the run here.
      settled = co_await db_write(
          db_,
          [&](store::Tx& tx) -> Result<void> {
            const std::int64_t now = clock_.now_ms();
            if (runs::hand_off(tx, id, claim, deadline_ms, now)) return Ok{};
            const runs::Outcome cancelled{.kind = runs::Outcome::Kind::cancelled};
            auto ended = runs::finish(tx, id, claim, cancelled, options_.fee_bps, prices_, now);
            if (!ended) return ended.error();
            return Ok{};
          },
          runs::isolation);
    } else if (!attempt.abandon) {
      settled = co_await db_write(
          db_,
          [&](store::Tx& tx) -> Result<void> {
            const std::int64_t now = clock_.now_ms();
            if (!attempt.pending.empty()) runs::output(tx, id, attempt.pending, now);
            if (!attempt.retrieval_note.empty()) {
              runs::log(tx, run, "info", "knowledge.retrieval", attempt.retrieval_note, now);
            }
            if (!attempt.provider_note.empty()) {
              const bool failed = attempt.outcome.kind == runs::Outcome::Kind::failed;
              runs::log(tx, run, failed ? "warn" : "info", "provider.call",
                        "provider call: " + attempt.provider_note, now);
            }
            auto ended =
                runs::finish(tx, id, claim, attempt.outcome, options_.fee_bps, prices_, now);
            if (!ended) return ended.error();
            return Ok{};
          },
          runs::isolation);
    }
    // Refused: the claim was lost meanwhile (another node recovered the run and settles it).
    if (!settled) log_.log("warn", "settling run " + id + ": " + settled.error().message);
  } catch (const std::exception& e) {
    // The run stays active under its lease; recovery settles it once the lease lapses.
    log_.log("error", "settling run " + id + ": " + e.what());
  }
  finished(id, agent_id);
}

}  // namespace agentry::runtime
