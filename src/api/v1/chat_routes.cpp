#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "api/await_db.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/sse.hpp"
#include "api/v1/chat_events.hpp"
#include "api/v1/chat_resume.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/run_terms.hpp"
#include "api/v1/schemas.hpp"
#include "core/json_escape.hpp"
#include "core/limits.hpp"
#include "domain/agents.hpp"
#include "domain/chat.hpp"
#include "runtime/provider_keys.hpp"
#include "runtime/run_prompt.hpp"
#include "views/resources.hpp"

// POST /v1/agents/{id}/chat: one turn of a conversation with a hosted agent, answered whole or
// streamed as Server-Sent Events straight from the provider's stream.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace asio::experimental::awaitable_operators;
namespace {

// The provider call of a turn, started as soon as the turn is prepared, and the commit of its
// hold and message, which runs alongside: the commit's fsync does not delay the first token.
// The call's deltas wait in `pending` until the stream (or the whole answer) takes them.
struct LiveCall {
  LiveCall(const asio::any_io_executor& executor, bool keep_deltas)
      : wake(executor),
        stop(executor, std::chrono::milliseconds(limits::run_timeout_ms)),
        streamed(keep_deltas) {}
  asio::steady_timer wake;  // cancelled on every delta and at the end
  asio::steady_timer stop;  // fires at the time limit; cancelled to stop the call
  const bool streamed;      // deltas are kept for a stream; a whole answer needs only the result
  std::string pending;
  bool answered = false;
  Result<runtime::Completion> result = make_error(Errc::unavailable, "no answer");
  std::optional<Result<void>> committed;  // empty until the commit has ended

  bool refused() const { return committed && !*committed; }
};

// What a turn needs once the handler has returned (a stream outlives its call).
struct TurnContext {
  explicit TurnContext(Services& s) : services(s) {}
  Services& services;  // outlives every stream: the server drains before it goes
  chat::Turn turn;
  std::shared_ptr<LiveCall> live;
  bool ended = false;  // settled or undone

  TurnContext(const TurnContext&) = delete;
  TurnContext& operator=(const TurnContext&) = delete;
  // A turn that was neither settled nor undone — its stream never ran because the headers
  // could not be sent, or it failed — is undone here without waiting, so that its hold is not
  // left held. (A stop in mid-turn is caught by the housekeeping pass instead.)
  ~TurnContext() {
    if (ended) return;
    if (live) live->stop.cancel();
    try {
      services.db.submit_write([turn = turn, now = services.clock.now_ms()](
                                   store::Tx& tx) { chat::abort_turn(tx, turn, now); },
                               [](std::exception_ptr) {});
    } catch (const std::exception&) {
      // The database has closed: the housekeeping pass releases the hold after a restart.
    }
  }
};

// Always ends with `answered` set, whatever happens, so that no waiter is left waiting.
asio::awaitable<void> call_provider(std::shared_ptr<LiveCall> live, runtime::Provider* provider,
                                    runtime::CompletionRequest request) {
  try {
    auto ended = co_await (provider->complete(std::move(request), [&live](std::string_view delta) {
      if (live->streamed) live->pending += delta;
      live->wake.cancel();
    }) || live->stop.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (ended.index() == 0) {
      live->result = std::move(std::get<0>(ended));
    } else {
      live->result =
          make_error(Errc::unavailable, "the provider did not answer within " +
                                            std::to_string(limits::run_timeout_ms) + " ms");
    }
  } catch (const std::exception& e) {
    live->result =
        make_error(Errc::unavailable, std::string("the provider call failed: ") + e.what());
  }
  live->answered = true;
  live->wake.cancel();
}

// Waits until `ready()`, or at most `timeout_ms`: deltas and the ends of the call and of the
// commit wake it to look again.
template <class Ready>
asio::awaitable<void> until(LiveCall& live, Ready ready, std::int64_t timeout_ms) {
  if (ready()) co_return;
  live.wake.expires_after(std::chrono::milliseconds(timeout_ms));
  co_await live.wake.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Waits for news of the call: a delta, its end, a refused commit, or `timeout_ms`.
asio::awaitable<void> news(LiveCall& live, std::int64_t timeout_ms) {
  co_await until(
      live, [&live] { return !live.pending.empty() || live.answered || live.refused(); },
      timeout_ms);
}

// Waits for the commit's end: nothing is settled or undone before.
asio::awaitable<void> committed(LiveCall& live) {
  while (!live.committed) {
    co_await until(
        live, [&live] { return live.committed.has_value(); }, limits::run_timeout_ms);
  }
}

// Commits the turn's hold and message while its call runs; always ends with `committed` set.
// A refused commit wrote nothing, so there is nothing to undo: it stops the call.
asio::awaitable<void> commit(std::shared_ptr<TurnContext> c, std::int64_t now_ms) {
  LiveCall& live = *c->live;
  Result<void> outcome = Ok{};
  try {
    auto done = co_await db_write(
        c->services.db, [&](store::Tx& tx) { return chat::commit_turn(tx, c->turn, now_ms); },
        chat::isolation);
    if (done) {
      chat::record(c->turn, std::move(*done));
    } else {
      outcome = done.error();
    }
  } catch (const std::exception& e) {
    c->services.log.log(
        "error", "chat session " + c->turn.session.id + ": the turn's commit failed: " + e.what());
    outcome = make_error(Errc::unavailable, "the turn could not be stored; try again");
  }
  if (!outcome) {
    c->ended = true;
    live.stop.cancel();
  }
  live.committed = std::move(outcome);
  live.wake.cancel();
}

asio::awaitable<void> undo(TurnContext& c) {
  co_await db_write(
      c.services.db,
      [&](store::Tx& tx) {
        chat::abort_turn(tx, c.turn, c.services.clock.now_ms());
        return 0;
      },
      chat::isolation);
  c.ended = true;
}

// Stores the reply and captures its cost, in a transaction that also does `also(tx, reply)`.
template <class Also>
asio::awaitable<store::MessageRecord> settle(TurnContext& c, const runtime::Completion& done,
                                             Also also) {
  auto reply = co_await db_write(
      c.services.db,
      [&](store::Tx& tx) {
        auto stored = chat::finish_turn(tx, c.turn, done.text, done.input_tokens,
                                        done.output_tokens, c.services.prices,
                                        c.services.options.fee_bps, c.services.clock.now_ms());
        also(tx, stored);
        return stored;
      },
      chat::isolation);
  c.ended = true;
  co_return reply;
}

// The stream (after the session event, which goes with the headers): deltas as the provider
// sends them, then message, usage and done, each with its id (chat_events.hpp).
// The deltas do not wait for the turn's commit. `error` ends the stream instead when the
// provider fails (the turn is then undone and not charged) or the commit is refused (the
// wallet was spent meanwhile: nothing was stored or charged). A client that leaves stops the
// call and undoes the turn; so does a server that shuts down, after an `error` event that says so.
asio::awaitable<void> stream_turn(std::shared_ptr<TurnContext> c, http::StreamSink& sink) {
  LiveCall& live = *c->live;
  const std::string turn = c->turn.user_message.id;
  std::int64_t place = 1;  // the session event's
  bool present = true;
  while (present && !live.refused()) {
    if (!live.pending.empty()) {
      std::string data = R"({"text":)";
      append_json_string(data, live.pending);
      live.pending.clear();
      present = co_await sink.write(turn_event(turn, std::to_string(++place), "delta", data + "}"));
    } else if (live.answered) {
      break;
    } else if (sink.closing()) {
      // The server is going away (or the client went, and this write fails unnoticed).
      co_await sink.write(turn_error_event(
          turn, "server_shutting_down",
          "the server is shutting down: this turn was stopped and not charged; send it again"));
      present = false;
    } else {
      co_await news(live, limits::stream_heartbeat_ms);
    }
  }
  if (!present) live.stop.cancel();
  co_await committed(live);
  if (live.refused()) {
    const Error& e = live.committed->error();
    if (present) co_await sink.write(turn_error_event(turn, errc_code(e.code), e.message));
    co_return;
  }
  if (!present) {
    co_await undo(*c);
    co_return;
  }
  if (!live.result) {
    co_await undo(*c);
    co_await sink.write(turn_error_event(turn, "provider_error", live.result.error().message));
    co_return;
  }
  const store::MessageRecord reply =
      co_await settle(*c, *live.result, [](store::Tx&, const store::MessageRecord&) {});
  co_await sink.write(turn_end_events(turn, reply, std::to_string(place)));
}

asio::awaitable<http::Response> chat_turn(Call& call) {
  // A client that lost a turn's stream and sends the same POST again with the last event's id
  // gets the rest of that turn; no second turn starts.
  if (const std::string_view last = call.request.header("last-event-id"); !last.empty()) {
    co_return co_await resume_turn(call, std::string(last));
  }
  const json::object& body = call.body.as_object();
  chat::TurnRequest request{.agent_id = call.param("id"),
                            .message = std::string(body.at("message").as_string())};
  if (const auto* s = body.if_contains("sessionId"))
    request.session_id = std::string(s->as_string());
  if (const auto* u = body.if_contains("endUserId"))
    request.end_user_id = std::string(u->as_string());
  const bool streamed = body.contains("stream") && body.at("stream").as_bool();
  StreamSlots::Slot slot;
  if (streamed) {
    slot = call.services.streams.acquire(call.account_id());
    if (!slot) co_return error_reply(call, too_many_streams());
  }
  const runs::Terms terms = run_terms(call);
  runtime::CompletionRequest provider_request;
  std::optional<Result<runtime::ResolvedProvider>> resolved;
  auto turn = co_await db_read(call.services.db, [&](store::Tx& tx) {
    auto prepared = chat::prepare_turn(tx, call.account_id(), request, terms, call.now_ms);
    if (prepared) {
      provider_request = runtime::request_of(*prepared);
      resolved = runtime::resolve_provider(tx, call.services.providers, call.services.vault,
                                           prepared->agent, provider_request.model);
    }
    return prepared;
  });
  if (!turn) co_return error_reply(call, turn.error());
  if (!*resolved) co_return error_reply(call, resolved->error());
  provider_request.api_key = std::move((*resolved)->api_key);

  auto executor = co_await asio::this_coro::executor;
  auto live = std::make_shared<LiveCall>(executor, streamed);
  asio::co_spawn(executor, call_provider(live, (*resolved)->provider, std::move(provider_request)),
                 [](std::exception_ptr) {});  // it catches what it throws: see call_provider
  auto c = std::make_shared<TurnContext>(call.services);
  c->turn = std::move(*turn);
  c->live = live;
  if (streamed) {
    http::Response r;
    r.content_type = "text/event-stream";
    r.set_header("Cache-Control", "no-cache");
    JsonWriter head;
    head.begin_object().key("sessionId").string(c->turn.session.id);
    head.key("userMessageId").string(c->turn.user_message.id).end_object();
    r.body = turn_event(c->turn.user_message.id, "1", "session", head.take());
    r.stream = [c, slot](http::StreamSink& sink) { return stream_turn(c, sink); };
    asio::co_spawn(executor, commit(c, call.now_ms),
                   [](std::exception_ptr) {});  // it catches what it throws: see commit
    co_return r;
  }
  co_await commit(c, call.now_ms);
  if (live->refused()) co_return error_reply(call, live->committed->error());
  while (!live->answered) co_await news(*live, limits::run_timeout_ms);
  if (!live->result) {
    co_await undo(*c);
    co_return error_reply(call, live->result.error());
  }
  auto answer = [&c](const store::MessageRecord& reply) {
    return data_reply(200, [&](JsonWriter& w) {
      w.begin_object().key("sessionId").string(c->turn.session.id);
      w.key("message");
      views::write_message(w, reply);
      w.key("usage");
      views::write_usage(w, reply);
      w.end_object();
    });
  };
  // With an Idempotency-Key the answer is kept in the transaction that pays for the turn.
  std::optional<http::Response> kept;
  const store::MessageRecord reply =
      co_await settle(*c, *live->result, [&](store::Tx& tx, const store::MessageRecord& stored) {
        if (!call.idempotency) return;
        kept = answer(stored);
        keep_answer(call, tx, *kept);
      });
  co_return kept ? std::move(*kept) : answer(reply);
}

}  // namespace

std::vector<RouteSpec> chat_routes() {
  return {{.method = "POST",
           .path = "/v1/agents/{id}/chat",
           .operation_id = "chat",
           .tag = "Chat",
           .summary = "Send a message to a hosted agent and get its reply, whole or streamed "
                      "(stream: true → Server-Sent Events: session, delta, message, usage, "
                      "done, or error); the turn is paid like a run",
           .scope = "chat",
           .request_schema = R"({"type": "object", "additionalProperties": false,
             "required": ["message"], "properties": {
               "message": {"type": "string", "minLength": 1, "maxLength": 100000},
               "sessionId": {"type": "string", "maxLength": 64, "description": "Continue this session; without it a new one begins."},
               "endUserId": {"type": "string", "minLength": 1, "maxLength": 128, "description": "For a new session: your own id of the person chatting."},
               "stream": {"type": "boolean", "description": "Stream the reply as Server-Sent Events."}}})",
           .response_schema =
               R"({"type": "object", "required": ["data"], "properties": {"data": {"type": "object",
             "required": ["sessionId", "message", "usage"],
             "properties": {"sessionId": {"type": "string"},
               "message": {"$ref": "#/components/schemas/ChatMessage"},
               "usage": {"type": "object", "required": ["inputTokens", "outputTokens", "cost"],
                 "properties": {"inputTokens": {"type": "integer"},
                 "outputTokens": {"type": "integer"}, "cost": {"type": "number"}}}}}}})",
           .errors = {402, 403, 409, 429, 503},
           .also_streams = true,
           .handler = chat_turn}};
}

}  // namespace agentry::api::v1
