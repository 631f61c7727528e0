#include "api/anthropic/messages.hpp"

#include <boost/json/parse.hpp>

#include "api/reply.hpp"
#include "views/json_writer.hpp"

// POST /v1/messages: a stateless chat turn in Anthropic's Messages wire format, whole or streamed
// as message_start … message_stop events.
namespace agentry::api::anthropic {
namespace asio = boost::asio;
namespace {

using views::JsonWriter;

std::string_view error_type(unsigned status) {
  switch (status) {
    case 400:
    case 409:
    case 422:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 402:
      return "billing_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    default:
      return "api_error";
  }
}

std::string error_body(unsigned status, const Error& error, std::string_view /*request_id*/) {
  JsonWriter w;
  w.begin_object().key("type").string("error").key("error").begin_object();
  w.key("type").string(error_type(status)).key("message").string(error.message);
  w.end_object().end_object();
  return w.take();
}

std::string message_id(const runtime::ChatTurn& t) {
  return t.turn().user_message.id;
}

std::string_view stop_reason(const runtime::ChatTurn& t, const runtime::Completion& done) {
  if (!done.tool_calls.empty()) return "tool_use";
  return chat::reached_output_limit(t.turn(), done.output_tokens) ? "max_tokens" : "end_turn";
}

void write_tool_use(JsonWriter& w, const runtime::ToolCall& call, bool with_input) {
  w.begin_object().key("type").string("tool_use").key("id").string(call.id);
  w.key("name").string(call.name).key("input");
  boost::system::error_code ec;
  const boost::json::value input = boost::json::parse(call.arguments, ec);
  if (with_input && !ec && input.is_object()) {
    w.raw(call.arguments);
  } else {
    w.begin_object().end_object();
  }
  w.end_object();
}

std::string event(std::string_view name, const std::function<void(JsonWriter&)>& data) {
  JsonWriter w;
  w.begin_object().key("type").string(name);
  data(w);
  w.end_object();
  return "event: " + std::string(name) + "\ndata: " + w.take() + "\n\n";
}

std::string stream_head(const models::Model& model, const runtime::ChatTurn& t) {
  std::string out = event("message_start", [&](JsonWriter& w) {
    w.key("message").begin_object().key("id").string(message_id(t));
    w.key("type").string("message").key("role").string("assistant");
    w.key("model").string(model.id).key("content").begin_array().end_array();
    w.key("stop_reason").null().key("stop_sequence").null();
    w.key("usage").begin_object().key("input_tokens").integer(0);
    w.key("output_tokens").integer(0).end_object().end_object();
  });
  out += event("content_block_start", [](JsonWriter& w) {
    w.key("index").integer(0).key("content_block").begin_object();
    w.key("type").string("text").key("text").string("").end_object();
  });
  return out;
}

TurnStreamFormat stream_format(std::shared_ptr<runtime::ChatTurn> t) {
  return {.item =
              [](const runtime::ChatTurn::StreamItem& item) {
                if (item.event != "delta") return std::string();
                return event("content_block_delta", [&](JsonWriter& w) {
                  w.key("index").integer(0).key("delta").begin_object();
                  w.key("type").string("text_delta").key("text").string(item.data).end_object();
                });
              },
          .error =
              [](std::string_view, const Error& error) {
                return "event: error\ndata: " + error_body(status_of(error.code), error, {}) +
                       "\n\n";
              },
          .end =
              [t](const store::MessageRecord& reply, const runtime::Completion& done) {
                std::string out =
                    event("content_block_stop", [](JsonWriter& w) { w.key("index").integer(0); });
                for (std::size_t i = 0; i < done.tool_calls.size(); ++i) {
                  const auto index = static_cast<std::int64_t>(i + 1);
                  out += event("content_block_start", [&](JsonWriter& w) {
                    w.key("index").integer(index).key("content_block");
                    write_tool_use(w, done.tool_calls[i], false);
                  });
                  out += event("content_block_delta", [&](JsonWriter& w) {
                    w.key("index").integer(index).key("delta").begin_object();
                    w.key("type").string("input_json_delta");
                    w.key("partial_json").string(done.tool_calls[i].arguments).end_object();
                  });
                  out += event("content_block_stop",
                               [&](JsonWriter& w) { w.key("index").integer(index); });
                }
                out += event("message_delta", [&](JsonWriter& w) {
                  w.key("delta").begin_object().key("stop_reason").string(stop_reason(*t, done));
                  w.key("stop_sequence").null().end_object();
                  w.key("usage").begin_object().key("input_tokens").integer(reply.input_tokens);
                  w.key("output_tokens").integer(reply.output_tokens).end_object();
                });
                return out + event("message_stop", [](JsonWriter&) {});
              }};
}

http::Response whole(const models::Model& model, const runtime::ChatTurn& t,
                     const store::MessageRecord& reply, const runtime::Completion& done) {
  JsonWriter w;
  w.begin_object().key("id").string(message_id(t)).key("type").string("message");
  w.key("role").string("assistant").key("model").string(model.id);
  w.key("content").begin_array();
  if (!reply.content.empty() || done.tool_calls.empty()) {
    w.begin_object().key("type").string("text").key("text").string(reply.content).end_object();
  }
  for (const auto& call : done.tool_calls) write_tool_use(w, call, true);
  w.end_array();
  w.key("stop_reason").string(stop_reason(t, done)).key("stop_sequence").null();
  w.key("usage").begin_object().key("input_tokens").integer(reply.input_tokens);
  w.key("output_tokens").integer(reply.output_tokens).end_object();
  w.end_object();
  return json_text_reply(200, w.take());
}

asio::awaitable<http::Response> create_message(Call& call) {
  auto request = read_messages_request(call.body.as_object());
  if (!request) co_return error_reply(call, request.error());
  // Built apart: a braced temporary among a co_await's arguments is freed twice by GCC 12.
  ModelTurnAnswer answer{
      .stream_head = stream_head,
      .stream_format = [](const models::Model&,
                          const std::shared_ptr<runtime::ChatTurn>& t) { return stream_format(t); },
      .whole = whole};
  co_return co_await answer_model_turn(call, std::move(*request), std::move(answer));
}

constexpr std::string_view request_schema = R"({
  "type": "object", "additionalProperties": false, "required": ["model", "max_tokens", "messages"],
  "properties": {
    "model": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The agent: its id, the name of one of your agents, or <handle>/<agent-name> for a public agent."},
    "max_tokens": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "messages": {"type": "array", "minItems": 1, "maxItems": 1000, "description": "The whole conversation (nothing is kept between calls).",
      "items": {"type": "object", "additionalProperties": false, "required": ["role", "content"],
        "properties": {
          "role": {"type": "string", "enum": ["user", "assistant"]},
          "content": {"type": ["string", "array"], "maxLength": 1000000, "maxItems": 100,
            "items": {"type": "object", "required": ["type"], "properties": {
              "type": {"type": "string", "maxLength": 32}, "text": {"type": "string", "maxLength": 1000000},
              "id": {"type": "string", "maxLength": 128}, "name": {"type": "string", "maxLength": 64},
              "input": {"type": "object"}, "tool_use_id": {"type": "string", "maxLength": 128},
              "content": {"type": ["string", "array"], "maxLength": 1000000, "maxItems": 100},
              "is_error": {"type": "boolean"}}}}}}},
    "system": {"type": ["string", "array"], "maxLength": 100000, "maxItems": 20, "description": "Added after the agent's own prompt.",
      "items": {"type": "object", "required": ["type", "text"], "properties": {"type": {"const": "text"}, "text": {"type": "string", "maxLength": 100000}}}},
    "stream": {"type": "boolean"},
    "temperature": {"type": "number", "minimum": 0, "maximum": 1},
    "stop_sequences": {"type": "array", "maxItems": 4, "items": {"type": "string", "minLength": 1, "maxLength": 100}},
    "metadata": {"type": "object", "additionalProperties": false, "properties": {"user_id": {"type": "string", "maxLength": 256}}},
    "tools": {"type": "array", "maxItems": 64, "description": "Your own tools: a call of one ends the message with stop_reason tool_use, for you to run.",
      "items": {"type": "object", "additionalProperties": false, "required": ["name", "input_schema"],
        "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$"},
          "description": {"type": "string", "maxLength": 10000},
          "input_schema": {"type": "object", "maxProperties": 100}}}},
    "tool_choice": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["auto", "any", "tool", "none"]}, "name": {"type": "string"}}}
  }})";

}  // namespace

const ErrorShape error_shape{
    .schema = "AnthropicError",
    .body = [](const ErrorShape&, unsigned status, const Error& error,
               std::string_view request_id) { return error_body(status, error, request_id); }};

std::vector<RouteSpec> all_routes() {
  return {{.method = "POST",
           .path = "/v1/messages",
           .operation_id = "createMessage",
           .tag = "Anthropic",
           .summary = "Anthropic Messages with an agent as the model: the agent's prompt, "
                      "knowledge and skills apply; paid and limited like a chat turn "
                      "(stream: true → message_start … message_stop events)",
           .scope = "chat",
           .request_schema = std::string(request_schema),
           .response_schema = R"({"$ref": "#/components/schemas/AnthropicMessage"})",
           .errors = {402, 403, 404, 409, 429, 503},
           .also_streams = true,
           .error_shape = &error_shape,
           .handler = create_message}};
}

boost::json::object component_schemas() {
  return boost::json::parse(R"json({
  "AnthropicError": {
    "type": "object", "required": ["type", "error"],
    "description": "Anthropic's error shape: the type follows the status (invalid_request_error, authentication_error, billing_error, permission_error, not_found_error, request_too_large, rate_limit_error, api_error).",
    "properties": {"type": {"const": "error"}, "error": {"type": "object", "required": ["type", "message"],
      "properties": {"type": {"type": "string"}, "message": {"type": "string"}}}}
  },
  "AnthropicMessage": {
    "type": "object", "required": ["id", "type", "role", "model", "content", "stop_reason", "usage"],
    "properties": {
      "id": {"type": "string"}, "type": {"const": "message"}, "role": {"const": "assistant"},
      "model": {"type": "string"},
      "content": {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {
        "type": {"type": "string", "enum": ["text", "tool_use"]}, "text": {"type": "string"},
        "id": {"type": "string"}, "name": {"type": "string"}, "input": {"type": "object"}}}},
      "stop_reason": {"type": "string", "enum": ["end_turn", "max_tokens", "tool_use"]},
      "stop_sequence": {"type": "null"},
      "usage": {"type": "object", "required": ["input_tokens", "output_tokens"],
        "properties": {"input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}}}
    }
  }
})json")
      .as_object();
}

}  // namespace agentry::api::anthropic
