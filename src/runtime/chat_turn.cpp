#include "runtime/chat_turn.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <stdexcept>

#include "domain/agent_log.hpp"
#include "runtime/await_db.hpp"
#include "runtime/provider_call.hpp"
#include "runtime/provider_keys.hpp"
#include "runtime/query_embedding.hpp"
#include "runtime/run_prompt.hpp"
#include "runtime/tool_rounds.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;

struct ChatTurn::Live {
  Live(const asio::any_io_executor& executor, bool keep, std::int64_t limit_ms)
      : wake(executor), stop(executor, std::chrono::milliseconds(limit_ms)), keep_deltas(keep) {}
  asio::steady_timer wake;  // cancelled on every piece of news
  asio::steady_timer stop;  // fires at the time limit; cancelled to stop the call
  const bool keep_deltas;
  bool stopped = false;
  std::vector<StreamItem> queued;  // what came before a tool event still pending, in order
  std::string pending;             // text since
  struct ToolLine {
    std::string level;
    std::string event;  // tool.call | tool.result
    std::string message;
  };
  std::vector<ToolLine> tool_log;  // the agent's log lines of the tool calls, for the turn's end
  bool answered = false;
  Result<Completion> answer = make_error(Errc::unavailable, "no answer");
  std::optional<Result<void>> committed;  // empty until the commit has ended

  void news() { wake.cancel(); }
  void tool_event(std::string event, std::string data) {
    if (keep_deltas) {
      if (!pending.empty()) queued.push_back({"delta", std::exchange(pending, {})});
      queued.push_back({std::move(event), std::move(data)});
    }
    news();
  }
};

namespace {

// Waits until `ready()`, or at most `timeout_ms`: each piece of news wakes it to look again.
template <class Ready>
asio::awaitable<void> until(asio::steady_timer& wake, Ready ready, std::int64_t timeout_ms) {
  if (ready()) co_return;
  wake.expires_after(std::chrono::milliseconds(timeout_ms));
  co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

namespace {

// The stateless turn's conversation, settings and tools in the provider's request. Errors:
// validation_error (a caller's tool named as one of the agent's own).
Result<void> apply_caller(CallerTurn& caller, CompletionRequest& request,
                          std::vector<std::string>& caller_tools) {
  for (ToolSpec& tool : caller.tools) {
    for (const ToolSpec& own : request.tools) {
      if (own.name == tool.name) {
        return make_error(
            Errc::validation_error,
            "tools: \"" + tool.name + "\" is the name of one of the agent's own tools", "tools");
      }
    }
    caller_tools.push_back(tool.name);
  }
  std::move(caller.tools.begin(), caller.tools.end(), std::back_inserter(request.tools));
  if (!caller.messages.empty()) {
    request.messages = std::move(caller.messages);
  } else if (!caller.before_message.empty()) {
    request.messages.insert(request.messages.end() - 1,
                            std::make_move_iterator(caller.before_message.begin()),
                            std::make_move_iterator(caller.before_message.end()));
  }
  request.temperature = caller.temperature;
  request.stop = std::move(caller.stop);
  request.end_user = std::move(caller.end_user);
  return Ok{};
}

}  // namespace

asio::awaitable<Result<std::shared_ptr<ChatTurn>>> ChatTurn::prepare(
    ChatDeps deps, std::string account_id, chat::TurnRequest request, runs::Terms terms,
    std::int64_t now_ms, std::optional<CallerTurn> caller) {
  CompletionRequest provider_request;
  std::optional<Result<ResolvedProvider>> resolved;
  const QueryEmbedding embedded = co_await query_embedding(deps.db, deps.providers.embedder(),
                                                           request.agent_id, request.message);
  request.embedding = embedded.embedding;
  auto turn = co_await db_read(deps.db, [&](store::Tx& tx) {
    auto prepared = chat::prepare_turn(tx, account_id, request, terms, now_ms);
    if (prepared) {
      provider_request = request_of(*prepared);
      provider_request.tools = tool_specs(agent_tools::offered(tx, prepared->agent));
      resolved =
          resolve_provider(tx, deps.providers, deps.vault, prepared->agent, provider_request.model);
    }
    return prepared;
  });
  if (!turn) co_return turn.error();
  if (!*resolved) co_return resolved->error();
  std::vector<std::string> caller_tools;
  if (caller) {
    if (auto applied = apply_caller(*caller, provider_request, caller_tools); !applied) {
      co_return applied.error();
    }
  }
  note_failure(turn->prompt.retrieval_note, embedded);
  provider_request.api_key = std::move((*resolved)->api_key);
  co_return std::shared_ptr<ChatTurn>(new ChatTurn(deps, std::move(*turn),
                                                   std::move(provider_request),
                                                   (*resolved)->provider, std::move(caller_tools)));
}

ChatTurn::ChatTurn(ChatDeps deps, chat::Turn turn, CompletionRequest request, Provider* provider,
                   std::vector<std::string> caller_tools)
    : deps_(deps),
      turn_(std::move(turn)),
      request_(std::move(request)),
      provider_(provider),
      caller_tools_(std::move(caller_tools)) {}

ChatTurn::~ChatTurn() {
  if (ended_) return;
  // Neither settled nor undone: its stream never ran (the headers could not be sent) or failed.
  // Undo it without waiting, so that its hold is not left held. (A stop in mid-turn is caught by
  // the housekeeping pass instead: chat::release_stale_turns.)
  if (live_) stop();
  try {
    deps_.db.submit_write([turn = turn_, now = deps_.clock.now_ms()](
                              store::Tx& tx) { chat::abort_turn(tx, turn, now); },
                          [](const std::exception_ptr&) {});
  } catch (const std::exception&) {
    // The database has closed: the housekeeping pass releases the hold after a restart.
  }
}

void ChatTurn::begin(const asio::any_io_executor& executor, bool keep_deltas) {
  if (live_) throw std::logic_error("a chat turn's call begins once");
  live_ = std::make_shared<Live>(executor, keep_deltas, deps_.time_limit_ms);
  // The call holds the shared state, not the turn, and always ends with `answered` set.
  auto call = [](std::shared_ptr<Live> live, Provider* provider, CompletionRequest request,
                 ChatDeps deps, chat::Turn turn,
                 std::vector<std::string> caller_tools) -> asio::awaitable<void> {
    auto on_delta = [&live](std::string_view delta) {
      if (live->keep_deltas) live->pending += delta;
      live->news();
    };
    const ToolHost host{
        .run = [&](const ToolCall& tool_call,
                   const Completion&) -> asio::awaitable<agent_tools::Answer> {
          live->tool_event("tool_call", agent_tools::call_json(tool_call.id, tool_call.name,
                                                               tool_call.arguments));
          live->tool_log.push_back(
              {"info", "tool.call", agent_tools::call_note(tool_call.name, tool_call.arguments)});
          auto answer =
              co_await answer_tool_call(deps.db, deps.providers.embedder(), turn.agent, tool_call);
          live->tool_event("tool_result",
                           agent_tools::answer_json(tool_call.id, tool_call.name, answer));
          live->tool_log.push_back({answer.ok ? "info" : "warn", "tool.result",
                                    agent_tools::answer_note(tool_call.name, answer)});
          co_return answer;
        },
        .next_output =
            [&](const Completion& so_far, std::int64_t next_input_tokens) {
              return chat::next_call_output(turn, deps.prices, so_far.input_tokens,
                                            so_far.output_tokens, next_input_tokens);
            },
        .for_caller = caller_tools.empty() ? std::function<bool(const ToolCall&)>()
                                           : [&caller_tools](const ToolCall& tool_call) {
                                               return std::find(caller_tools.begin(),
                                                                caller_tools.end(),
                                                                tool_call.name) !=
                                                      caller_tools.end();
                                             }};
    auto ended = co_await complete_with_tools(
        *provider, std::move(request), on_delta, live->stop, [&live] { return live->stopped; },
        host);
    if (!ended) {
      live->answer = make_error(
          Errc::unavailable, live->stopped ? std::string("the turn was stopped before its answer")
                                           : "the provider did not answer within " +
                                                 std::to_string(deps.time_limit_ms) + " ms");
    } else if (!*ended) {
      live->answer = ended->error();
    } else if (!(*ended)->unfinished.empty() && (*ended)->unfinished != "caller" &&
               (*ended)->completion.text.empty()) {
      // (A turn that ends on the caller's tool calls is answered: the caller runs them.)
      live->answer = make_error(Errc::unavailable,
                                (*ended)->unfinished == "rounds"
                                    ? "the model still asked for tools after " +
                                          std::to_string(agent_tools::max_rounds) + " rounds"
                                    : std::string("the model's next call with its tools' answers "
                                                  "would pass what the turn holds"));
    } else {
      live->answer = std::move((*ended)->completion);
    }
    live->answered = true;
    live->news();
  };
  asio::co_spawn(executor, call(live_, provider_, request_, deps_, turn_, caller_tools_),
                 [](const std::exception_ptr&) {});  // call_provider_until turns throws into errors
}

namespace {
// A closure's writes are made for `actor`, when there is one, for its span.
class ActingAs {
 public:
  ActingAs(store::Tx& tx, const std::optional<store::Actor>& actor) : tx_(tx) {
    tx_.set_actor(actor ? &*actor : nullptr);
  }
  ActingAs(const ActingAs&) = delete;
  ActingAs& operator=(const ActingAs&) = delete;
  ~ActingAs() { tx_.set_actor(nullptr); }

 private:
  store::Tx& tx_;
};
}  // namespace

asio::awaitable<void> ChatTurn::commit(std::int64_t now_ms) {
  Result<void> outcome = Ok{};
  try {
    auto done = co_await db_write(
        deps_.db,
        [&](store::Tx& tx) {
          const ActingAs acting(tx, actor_);
          return chat::commit_turn(tx, turn_, now_ms);
        },
        chat::isolation);
    if (done) {
      chat::record(turn_, std::move(*done));
    } else {
      outcome = done.error();
    }
  } catch (const std::exception& e) {
    deps_.log.log("error",
                  "chat session " + turn_.session.id + ": the turn's commit failed: " + e.what());
    outcome = make_error(Errc::unavailable, "the turn could not be stored; try again");
  }
  if (!outcome) {
    // Nothing was written, so there is nothing to undo: the turn is over.
    ended_ = true;
    stop();
  }
  live_->committed = std::move(outcome);
  live_->news();
}

bool ChatTurn::committed() const {
  return live_->committed.has_value();
}
bool ChatTurn::refused() const {
  return live_->committed && !*live_->committed;
}
const Error& ChatTurn::refusal() const {
  return live_->committed->error();
}
bool ChatTurn::answered() const {
  return live_->answered;
}
const Result<Completion>& ChatTurn::answer() const {
  return live_->answer;
}
std::vector<ChatTurn::StreamItem> ChatTurn::take_stream() {
  std::vector<StreamItem> out = std::exchange(live_->queued, {});
  if (!live_->pending.empty()) out.push_back({"delta", std::exchange(live_->pending, {})});
  return out;
}
bool ChatTurn::has_stream() const {
  return !live_->pending.empty() || !live_->queued.empty();
}

void ChatTurn::log_tools(store::Tx& tx) const {
  const std::int64_t now = deps_.clock.now_ms();
  for (const auto& line : live_->tool_log) {
    agent_log::record(tx, turn_.agent.id, line.level, line.event, line.message, {}, now);
  }
}

asio::awaitable<void> ChatTurn::news(std::int64_t timeout_ms) {
  Live& live = *live_;
  co_await until(
      live.wake,
      [&live] {
        return !live.pending.empty() || !live.queued.empty() || live.answered ||
               (live.committed && !*live.committed);
      },
      timeout_ms);
}

asio::awaitable<void> ChatTurn::until_committed() {
  Live& live = *live_;
  while (!live.committed) {
    co_await until(
        live.wake, [&live] { return live.committed.has_value(); }, deps_.time_limit_ms);
  }
}

asio::awaitable<void> ChatTurn::until_answered() {
  Live& live = *live_;
  while (!live.answered) {
    co_await until(
        live.wake, [&live] { return live.answered; }, deps_.time_limit_ms);
  }
}

void ChatTurn::stop() {
  live_->stopped = true;
  live_->stop.cancel();
}

asio::awaitable<void> ChatTurn::undo() {
  co_await db_write(
      deps_.db,
      [&](store::Tx& tx) {
        const ActingAs acting(tx, actor_);
        chat::abort_turn(tx, turn_, deps_.clock.now_ms());
        log_tools(tx);
        return 0;
      },
      chat::isolation);
  ended_ = true;
}

asio::awaitable<store::MessageRecord> ChatTurn::settle(AlsoInSettle also) {
  const Completion& done = *live_->answer;
  auto reply = co_await db_write(
      deps_.db,
      [&](store::Tx& tx) {
        const ActingAs acting(tx, actor_);
        auto stored = chat::finish_turn(tx, turn_, done.text, done.input_tokens, done.output_tokens,
                                        deps_.prices, deps_.fee_bps, deps_.clock.now_ms());
        log_tools(tx);
        if (also) also(tx, stored);
        return stored;
      },
      chat::isolation);
  ended_ = true;
  co_return reply;
}

}  // namespace agentry::runtime
