#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "domain/chat.hpp"
#include "domain/pricing.hpp"
#include "domain/secrets.hpp"
#include "runtime/provider.hpp"
#include "runtime/providers.hpp"
#include "store/activity_records.hpp"
#include "store/database.hpp"

// One turn of a chat with a hosted agent, from the provider call to the settled payment. The
// call starts as soon as the turn is prepared; the commit of its hold and user message runs
// alongside, so that the commit's fsync does not delay the first token. A turn ends exactly
// once: settled (the reply stored and paid for) or undone (the hold released, the user's message
// removed); one dropped without either is undone when it is destroyed.
namespace agentry::runtime {

// What a turn needs of the node; every reference outlives the turns (the server drains first).
struct ChatDeps {
  store::Database& db;
  Providers& providers;
  const secrets::Vault& vault;
  const pricing::PriceTable& prices;
  const Clock& clock;
  Logger& log;
  std::int64_t fee_bps = 0;
  std::int64_t time_limit_ms = 0;  // the provider call's deadline
};

// What the caller of a stateless turn sends besides its chat::TurnRequest (the OpenAI and
// Anthropic surfaces): the conversation as the model is to see it, sampling settings and its own
// tools.
struct CallerTurn {
  // The whole conversation, oldest first; empty: the turn's own (its session's history, then
  // its message).
  std::vector<Message> messages;
  // Sent after the session's history, before the turn's message (the Responses API's input
  // items before its last user message); only with `messages` empty.
  std::vector<Message> before_message;
  // Offered beside the agent's own tools; a round that calls one ends the turn with those calls
  // for the caller to run (ToolHost::for_caller).
  std::vector<ToolSpec> tools;
  std::optional<double> temperature;
  std::vector<std::string> stop;
  std::string end_user;  // the caller's end user, for the provider's abuse monitoring
};

class ChatTurn {
 public:
  // Prepares a turn (reads only: chat::prepare_turn) and resolves its provider; the call has
  // not begun. A stateless turn comes with its `caller`'s conversation. Errors: as
  // chat::prepare_turn, provider_not_configured, validation_error (a caller's tool named as one
  // of the agent's own).
  static boost::asio::awaitable<Result<std::shared_ptr<ChatTurn>>> prepare(
      ChatDeps deps, std::string account_id, chat::TurnRequest request, runs::Terms terms,
      std::int64_t now_ms, std::optional<CallerTurn> caller = std::nullopt);

  ChatTurn(const ChatTurn&) = delete;
  ChatTurn& operator=(const ChatTurn&) = delete;
  ~ChatTurn();

  const chat::Turn& turn() const { return turn_; }
  // The request the turn's writes are made for (the activity log's actor); else the system's.
  void act_as(store::Actor actor) { actor_ = std::move(actor); }

  // Starts the provider call on `executor`. With `keep_deltas` the reply's text is kept piece
  // by piece for take_deltas() (a stream); else only the whole answer counts.
  void begin(const boost::asio::any_io_executor& executor, bool keep_deltas);

  // Commits the hold and the user's message while the call runs; always ends with committed()
  // true. A refused commit (the wallet was spent meanwhile, the session deleted) wrote nothing
  // and stops the call: the turn is then over, with refusal() saying why.
  boost::asio::awaitable<void> commit(std::int64_t now_ms);

  bool committed() const;
  bool refused() const;
  const Error& refusal() const;  // when refused()
  bool answered() const;
  // The call's end: the completion, or unavailable (the provider failed, the time limit passed,
  // or the turn was stopped). Meaningful once answered().
  const Result<Completion>& answer() const;
  // What the stream sends next, in order: text (event "delta", `data` the text itself) and the
  // model's tool calls and their answers (events "tool_call" and "tool_result", `data` their
  // JSON: agent_tools::call_json, answer_json); emptied by the take. Only with keep_deltas.
  struct StreamItem {
    std::string event;
    std::string data;
  };
  std::vector<StreamItem> take_stream();
  bool has_stream() const;

  // Waits for news — text, the call's end, a refused commit — or at most `timeout_ms`.
  boost::asio::awaitable<void> news(std::int64_t timeout_ms);
  // Waits until the commit has ended; nothing is settled or undone before.
  boost::asio::awaitable<void> until_committed();
  // Waits until the call has ended.
  boost::asio::awaitable<void> until_answered();

  // Stops the call (the client left, the server is going away); the turn is then undone.
  void stop();

  // Ends the turn unpaid: the hold released, the user's message removed.
  boost::asio::awaitable<void> undo();

  // Stores the reply and captures its cost, in a transaction that also runs `also(tx, reply)`
  // (an Idempotency-Key's kept answer); the reply as stored.
  using AlsoInSettle = std::function<void(store::Tx&, const store::MessageRecord&)>;
  boost::asio::awaitable<store::MessageRecord> settle(AlsoInSettle also = {});

 private:
  // What the provider call shares with the turn: the call keeps it alive, not the turn, so a
  // turn dropped mid-call is undone at once.
  struct Live;

  ChatTurn(ChatDeps deps, chat::Turn turn, CompletionRequest request, Provider* provider,
           std::vector<std::string> caller_tools);
  // The agent's log lines of the turn's tool calls, written with its end.
  void log_tools(store::Tx& tx) const;

  ChatDeps deps_;
  chat::Turn turn_;
  CompletionRequest request_;
  Provider* provider_;
  std::vector<std::string> caller_tools_;  // the names of the caller's own tools
  std::shared_ptr<Live> live_;             // set by begin()
  bool ended_ = false;                     // settled or undone
  std::optional<store::Actor> actor_;
};

}  // namespace agentry::runtime
