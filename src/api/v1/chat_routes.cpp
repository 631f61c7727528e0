#include <boost/asio/this_coro.hpp>

#include <memory>
#include <optional>
#include <string_view>

#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/sse.hpp"
#include "api/turn_setup.hpp"
#include "api/turn_stream.hpp"
#include "api/v1/chat_events.hpp"
#include "api/v1/chat_resume.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/json_escape.hpp"
#include "domain/chat.hpp"
#include "runtime/chat_turn.hpp"
#include "views/resources.hpp"

// POST /v1/agents/{id}/chat: one turn of a conversation with a hosted agent, answered whole or
// streamed as Server-Sent Events straight from the provider's stream.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

// The stream (after the session event, which goes with the headers): deltas and tool events as
// they come, then message, usage and done, each with its id (chat_events.hpp); or `error`.
TurnStreamFormat native_format(const std::string& turn) {
  auto place = std::make_shared<std::int64_t>(1);  // the session event's
  return {
      .item =
          [turn, place](const runtime::ChatTurn::StreamItem& item) {
            if (item.event != "delta") {
              return turn_event(turn, std::to_string(++*place), item.event, item.data);
            }
            std::string data = R"({"text":)";
            append_json_string(data, item.data);
            data += "}";
            return turn_event(turn, std::to_string(++*place), item.event, data);
          },
      .error = [turn](std::string_view code,
                      const Error& error) { return turn_error_event(turn, code, error.message); },
      .end =
          [turn, place](const store::MessageRecord& reply, const runtime::Completion&) {
            return turn_end_events(turn, reply, std::to_string(*place));
          }};
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
    auto held = stream_slot(call);
    if (!held) co_return error_reply(call, held.error());
    slot = std::move(*held);
  }
  auto prepared = co_await runtime::ChatTurn::prepare(chat_deps(call.services), call.account_id(),
                                                      request, run_terms(call), call.now_ms);
  if (!prepared) co_return error_reply(call, prepared.error());
  std::shared_ptr<runtime::ChatTurn> t = std::move(*prepared);
  t->act_as(actor_of(call));
  const auto executor = co_await asio::this_coro::executor;
  t->begin(executor, streamed);
  std::optional<TurnStream> stream;
  if (streamed) {
    JsonWriter head;
    head.begin_object().key("sessionId").string(t->turn().session.id);
    head.key("userMessageId").string(t->turn().user_message.id).end_object();
    stream = TurnStream{.slot = std::move(slot),
                        .head = turn_event(t->turn().user_message.id, "1", "session", head.take()),
                        .format = native_format(t->turn().user_message.id)};
  }
  WholeTurnAnswer whole = [&t](const store::MessageRecord& reply) {
    return data_reply(200, [&](JsonWriter& w) {
      w.begin_object().key("sessionId").string(t->turn().session.id);
      w.key("message");
      views::write_message(w, reply);
      w.key("usage");
      views::write_usage(w, reply);
      w.end_object();
    });
  };
  co_return co_await answer_turn(call, t, std::move(stream), std::move(whole));
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
