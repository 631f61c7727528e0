#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include <memory>
#include <optional>
#include <string_view>

#include "api/call_write.hpp"
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
#include "domain/chat.hpp"
#include "runtime/chat_turn.hpp"
#include "views/resources.hpp"

// POST /v1/agents/{id}/chat: one turn of a conversation with a hosted agent, answered whole or
// streamed as Server-Sent Events straight from the provider's stream.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

runtime::ChatDeps chat_deps(Services& s) {
  return {.db = s.db,
          .providers = s.providers,
          .vault = s.vault,
          .prices = s.prices,
          .clock = s.clock,
          .log = s.log,
          .fee_bps = s.options.fee_bps,
          .time_limit_ms = limits::run_timeout_ms};
}

// The stream (after the session event, which goes with the headers): deltas as the provider
// sends them, then message, usage and done, each with its id (chat_events.hpp).
// The deltas do not wait for the turn's commit. `error` ends the stream instead when the
// provider fails (the turn is then undone and not charged) or the commit is refused (the
// wallet was spent meanwhile: nothing was stored or charged). A client that leaves stops the
// call and undoes the turn; so does a server that shuts down, after an `error` event that says so.
asio::awaitable<void> stream_turn(std::shared_ptr<runtime::ChatTurn> t, http::StreamSink& sink) {
  const std::string turn = t->turn().user_message.id;
  std::int64_t place = 1;  // the session event's
  bool present = true;
  while (present && !t->refused()) {
    if (t->has_stream()) {
      for (auto& item : t->take_stream()) {
        std::string data = std::move(item.data);
        if (item.event == "delta") {
          std::string text = std::move(data);
          data = R"({"text":)";
          append_json_string(data, text);
          data += "}";
        }
        if (present) {
          present =
              co_await sink.write(turn_event(turn, std::to_string(++place), item.event, data));
        }
      }
    } else if (t->answered()) {
      break;
    } else if (sink.closing()) {
      // The server is going away (or the client went, and this write fails unnoticed).
      co_await sink.write(turn_error_event(
          turn, "server_shutting_down",
          "the server is shutting down: this turn was stopped and not charged; send it again"));
      present = false;
    } else {
      co_await t->news(limits::stream_heartbeat_ms);
    }
  }
  if (!present) t->stop();
  co_await t->until_committed();
  if (t->refused()) {
    if (present)
      co_await sink.write(
          turn_error_event(turn, errc_code(t->refusal().code), t->refusal().message));
    co_return;
  }
  if (!present) {
    co_await t->undo();
    co_return;
  }
  if (!t->answer()) {
    co_await t->undo();
    co_await sink.write(turn_error_event(turn, "provider_error", t->answer().error().message));
    co_return;
  }
  const store::MessageRecord reply = co_await t->settle();
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
  auto prepared = co_await runtime::ChatTurn::prepare(chat_deps(call.services), call.account_id(),
                                                      request, run_terms(call), call.now_ms);
  if (!prepared) co_return error_reply(call, prepared.error());
  std::shared_ptr<runtime::ChatTurn> t = std::move(*prepared);
  t->act_as(actor_of(call));
  auto executor = co_await asio::this_coro::executor;
  t->begin(executor, streamed);
  if (streamed) {
    http::Response r;
    r.content_type = "text/event-stream";
    r.set_header("Cache-Control", "no-cache");
    JsonWriter head;
    head.begin_object().key("sessionId").string(t->turn().session.id);
    head.key("userMessageId").string(t->turn().user_message.id).end_object();
    r.body = turn_event(t->turn().user_message.id, "1", "session", head.take());
    r.stream = [t, slot](http::StreamSink& sink) { return stream_turn(t, sink); };
    asio::co_spawn(executor, t->commit(call.now_ms),
                   [t](const std::exception_ptr&) {});  // commit() catches what it throws
    co_return r;
  }
  co_await t->commit(call.now_ms);
  if (t->refused()) co_return error_reply(call, t->refusal());
  co_await t->until_answered();
  if (!t->answer()) {
    co_await t->undo();
    co_return error_reply(call, t->answer().error());
  }
  auto answer = [&t](const store::MessageRecord& reply) {
    return data_reply(200, [&](JsonWriter& w) {
      w.begin_object().key("sessionId").string(t->turn().session.id);
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
      co_await t->settle([&](store::Tx& tx, const store::MessageRecord& stored) {
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
