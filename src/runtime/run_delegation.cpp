#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>

#include "domain/delegation.hpp"
#include "runtime/await_db.hpp"
#include "runtime/run_worker.hpp"
#include "runtime/tool_rounds.hpp"

// RunWorker::ask_member: the ask_agent tool of a hosted agent's run.
namespace agentry::runtime {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// What the model is told of the child run once it ended: its output (a hosted agent's "output",
// else its whole result) when it completed, else how it ended.
agent_tools::Answer child_answer(const store::RunRecord& child) {
  if (child.status != "completed") {
    std::string why = "The run " + child.id + " of the agent you asked ended " + child.status;
    if (child.error_code) {
      why += " (" + *child.error_code + ": " + child.error_message.value_or("") + ")";
    }
    return {.text = why + ".", .ok = false};
  }
  const std::string result = child.result.value_or("");
  boost::system::error_code ec;
  const json::value parsed = json::parse(result, ec);
  const json::value* output =
      !ec && parsed.is_object() ? parsed.get_object().if_contains("output") : nullptr;
  return {.text = agent_tools::bounded(
              output && output->is_string() ? std::string(output->get_string()) : result)};
}

}  // namespace

asio::awaitable<agent_tools::Answer> RunWorker::ask_member(store::RunRecord& parent, ToolCall call,
                                                           Completion so_far) {
  const json::object args = arguments_of(call);
  const std::string member = string_arg(args, "agent");
  const std::string message = string_arg(args, "message");
  if (member.empty() || message.empty()) {
    co_return agent_tools::Answer{.text = "ask_agent needs an agent and a message.", .ok = false};
  }
  const std::int64_t now = clock_.now_ms();
  const std::int64_t deadline_ms = parent.started_at_ms.value_or(now) + parent.timeout_ms;
  const std::int64_t spent_micro =
      runs::token_cost_of(parent, prices_, so_far.input_tokens, so_far.output_tokens);
  auto child = co_await db_write(
      db_,
      [&](store::Tx& tx) {
        const runs::Terms terms = options_.terms_of(tx, parent.account_id);
        return delegation::delegate(tx, parent, member, message, terms, spent_micro,
                                    deadline_ms - now, now);
      },
      runs::isolation);
  if (!child) co_return agent_tools::Answer{.text = child.error().message, .ok = false};
  parent.delegated_micro += child->max_cost_micro;
  wake();
  auto subscription =
      notifier_.subscribe(runs::wake_key(child->id), co_await asio::this_coro::executor);
  for (;;) {
    auto ended = co_await db_read(
        db_, [&](store::Tx& tx) { return runs::get(tx, parent.account_id, child->id); });
    if (!ended) {
      co_return agent_tools::Answer{.text = "The run " + child->id + " is gone.", .ok = false};
    }
    if (runs::is_terminal(ended->status)) co_return child_answer(*ended);
    co_await subscription->wait(options_.poll_ms);
  }
}

}  // namespace agentry::runtime
