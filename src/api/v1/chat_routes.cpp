#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <memory>

#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/v1/chat_views.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/json_escape.hpp"
#include "core/limits.hpp"
#include "domain/agents.hpp"
#include "domain/chat.hpp"
#include "runtime/provider_keys.hpp"

// POST /v1/agents/{id}/chat: one turn of a conversation with a hosted agent, answered whole or
// streamed as Server-Sent Events straight from the provider's stream.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace asio::experimental::awaitable_operators;
namespace {

constexpr auto money = store::WriteIsolation::conditional;

// What a turn needs once the handler has returned (a stream outlives its call).
struct TurnContext {
  store::Database* db = nullptr;
  const pricing::PriceTable* prices = nullptr;
  const Clock* clock = nullptr;
  std::int64_t fee_bps = 0;
  chat::Turn turn;
  runtime::Provider* provider = nullptr;
  runtime::CompletionRequest request;
};

runtime::CompletionRequest request_of(const chat::Turn& turn) {
  runtime::CompletionRequest r;
  r.model = turn.agent.model.value_or(std::string(agents::default_model));
  r.system = agents::compose_prompt(turn.agent);
  for (const auto& m : turn.history) r.messages.push_back({m.role, m.content});
  r.messages.push_back({"user", turn.user_message.content});
  r.max_output_tokens = turn.quote.max_output_tokens;
  return r;
}

asio::awaitable<void> undo(const TurnContext& c) {
  co_await db_write(
      *c.db,
      [&](store::Tx& tx) {
        chat::abort_turn(tx, c.turn, c.clock->now_ms());
        return 0;
      },
      money);
}

asio::awaitable<store::MessageRecord> settle(const TurnContext& c,
                                             const runtime::Completion& done) {
  co_return co_await db_write(
      *c.db,
      [&](store::Tx& tx) {
        return chat::finish_turn(tx, c.turn, done.text, done.input_tokens, done.output_tokens,
                                 *c.prices, c.fee_bps, c.clock->now_ms());
      },
      money);
}

// The provider's answer within the time limit; unavailable when it fails or runs out of time.
template <class Call>
asio::awaitable<Result<runtime::Completion>> within_limit(Call call) {
  asio::steady_timer deadline(co_await asio::this_coro::executor,
                              std::chrono::milliseconds(limits::run_timeout_ms));
  auto ended = co_await (call() || deadline.async_wait(asio::use_awaitable));
  if (ended.index() == 1) {
    co_return make_error(Errc::unavailable, "the provider did not answer within " +
                                                std::to_string(limits::run_timeout_ms) + " ms");
  }
  co_return std::move(std::get<0>(ended));
}

std::string sse(std::string_view event, const std::string& data) {
  return "event: " + std::string(event) + "\ndata: " + data + "\n\n";
}

void write_usage(JsonWriter& w, const store::MessageRecord& m) {
  w.begin_object().key("inputTokens").integer(m.input_tokens);
  w.key("outputTokens").integer(m.output_tokens).key("cost");
  write_credits(w, m.cost);
  w.end_object();
}

// The stream: session, then deltas as the provider sends them, then message, usage and done;
// error instead when the provider fails (the turn is then undone and not charged).
asio::awaitable<void> stream_turn(std::shared_ptr<TurnContext> c, http::StreamSink& sink) {
  JsonWriter head;
  head.begin_object().key("sessionId").string(c->turn.session.id);
  head.key("userMessageId").string(c->turn.user_message.id).end_object();
  if (!co_await sink.write(sse("session", head.take()))) {
    co_await undo(*c);
    co_return;
  }
  asio::steady_timer wake(co_await asio::this_coro::executor);
  std::string pending;
  auto flush = [&]() -> asio::awaitable<bool> {
    std::string data = R"({"text":)";
    append_json_string(data, pending);
    pending.clear();
    co_return co_await sink.write(sse("delta", data + "}"));
  };
  // The provider call races a stop timer: it fires at the time limit, or the writer cancels it
  // when the client has gone, and either stops the call.
  asio::steady_timer stop(co_await asio::this_coro::executor,
                          std::chrono::milliseconds(limits::run_timeout_ms));
  bool answered = false;
  bool left = false;
  auto call = [&]() -> asio::awaitable<Result<runtime::Completion>> {
    auto ended = co_await (c->provider->complete(c->request, [&](std::string_view delta) {
      pending += delta;
      wake.cancel();
    }) || stop.async_wait(asio::as_tuple(asio::use_awaitable)));
    answered = true;
    wake.cancel();
    if (ended.index() == 0) co_return std::move(std::get<0>(ended));
    co_return make_error(Errc::unavailable, "the provider did not answer within " +
                                                std::to_string(limits::run_timeout_ms) + " ms");
  };
  // Writes the deltas as they come until the answer is complete. It is never cancelled in the
  // middle of a write, which would break the response; when the client has gone it stops the
  // call instead.
  auto writer = [&]() -> asio::awaitable<void> {
    for (;;) {
      if (!pending.empty()) {
        if (!co_await flush()) break;
        continue;
      }
      if (answered) co_return;
      if (sink.closing()) break;
      wake.expires_after(std::chrono::milliseconds(limits::stream_heartbeat_ms));
      co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    left = true;
    stop.cancel();
  };
  Result<runtime::Completion> done = co_await (call() && writer());
  if (left) {  // the client has gone: nothing is charged
    co_await undo(*c);
    co_return;
  }
  if (!done) {
    co_await undo(*c);
    std::string data = R"({"code":"provider_error","message":)";
    append_json_string(data, done.error().message);
    co_await sink.write(sse("error", data + "}"));
    co_return;
  }
  const store::MessageRecord reply = co_await settle(*c, *done);
  JsonWriter message;
  write_message(message, reply);
  JsonWriter usage;
  write_usage(usage, reply);
  if (!co_await sink.write(sse("message", message.take()))) co_return;
  if (!co_await sink.write(sse("usage", usage.take()))) co_return;
  co_await sink.write(sse("done", "{}"));
}

asio::awaitable<http::Response> chat_turn(Call& call) {
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
    if (!slot) {
      co_return error_reply(call, too_many_streams());
    }
  }
  const runs::Terms terms{.prices = &call.services.prices,
                          .discount_percent = call.plan ? call.plan->volume_discount_percent : 0,
                          .tokens_per_minute = call.plan ? call.plan->tokens_per_minute : 0,
                          .max_output_tokens = limits::run_max_output_tokens};
  auto turn = co_await db_write(
      call.services.db,
      [&](store::Tx& tx) {
        return chat::begin_turn(tx, call.account_id(), request, terms, call.now_ms);
      },
      money);
  if (!turn) co_return error_reply(call, turn.error());
  auto c = std::make_shared<TurnContext>(TurnContext{.db = &call.services.db,
                                                     .prices = &call.services.prices,
                                                     .clock = &call.services.clock,
                                                     .fee_bps = call.services.options.fee_bps,
                                                     .turn = std::move(*turn)});
  c->request = request_of(c->turn);
  const std::string model = c->request.model;
  auto resolved = co_await runtime::resolve_provider(call.services.providers, call.services.db,
                                                     call.services.vault, c->turn.agent, model);
  if (!resolved) {
    co_await undo(*c);
    co_return error_reply(call, resolved.error());
  }
  c->provider = resolved->provider;
  c->request.api_key = std::move(resolved->api_key);
  if (streamed) {
    http::Response r;
    r.content_type = "text/event-stream";
    r.set_header("Cache-Control", "no-cache");
    r.stream = [c, slot](http::StreamSink& sink) { return stream_turn(c, sink); };
    co_return r;
  }
  auto done = co_await within_limit([&]() -> asio::awaitable<Result<runtime::Completion>> {
    co_return co_await c->provider->complete(c->request, [](std::string_view) {});
  });
  if (!done) {
    co_await undo(*c);
    co_return error_reply(call, done.error());
  }
  const store::MessageRecord reply = co_await settle(*c, *done);
  co_return data_reply(200, [&](JsonWriter& w) {
    w.begin_object().key("sessionId").string(c->turn.session.id);
    w.key("message");
    write_message(w, reply);
    w.key("usage");
    write_usage(w, reply);
    w.end_object();
  });
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
           .response_schema = R"({"type": "object", "properties": {"data": {"type": "object",
             "properties": {"sessionId": {"type": "string"},
               "message": {"$ref": "#/components/schemas/ChatMessage"},
               "usage": {"type": "object", "properties": {"inputTokens": {"type": "integer"},
                 "outputTokens": {"type": "integer"}, "cost": {"type": "number"}}}}}}})",
           .errors = {402, 403, 409, 429, 503},
           .handler = chat_turn}};
}

}  // namespace agentry::api::v1
