#include <boost/json/object.hpp>

#include <memory>

#include "api/await_db.hpp"
#include "api/model_turn.hpp"
#include "api/openai/errors.hpp"
#include "api/openai/routes.hpp"
#include "api/openai/text_parts.hpp"
#include "api/reply.hpp"

// POST /v1/responses: OpenAI's Responses API over chat sessions. A response is a turn of a
// session: `previous_response_id` continues the session of that response's turn (its history goes
// to the model, as with sessionId on /v1/agents/{id}/chat), without it a new session begins.
// Answered whole, or streamed as the API's semantic events (response.created …
// response.output_text.delta … response.completed).
namespace agentry::api::openai {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view response_prefix = "resp_";
constexpr std::string_view item_prefix = "out_";

// A response's id names its turn: "resp_" and the turn's user message id.
std::string response_id(const runtime::ChatTurn& t) {
  return std::string(response_prefix) + t.turn().user_message.id;
}
std::string item_id(const runtime::ChatTurn& t) {
  return std::string(item_prefix) + t.turn().user_message.id;
}

struct ResponseView {
  std::string id;
  std::string model;
  std::int64_t created_s = 0;
  std::string status;  // in_progress | completed | failed
  std::optional<std::string> previous_response_id;
  std::optional<std::string> instructions;
};

void write_item(JsonWriter& w, const std::string& id, std::string_view status,
                std::optional<std::string_view> text) {
  w.begin_object().key("type").string("message").key("id").string(id);
  w.key("status").string(status).key("role").string("assistant").key("content").begin_array();
  if (text) {
    w.begin_object().key("type").string("output_text").key("text").string(*text);
    w.key("annotations").begin_array().end_array().end_object();
  }
  w.end_array().end_object();
}

// The response object; `reply` once it is settled.
void write_response(JsonWriter& w, const ResponseView& r, const runtime::ChatTurn& t,
                    const store::MessageRecord* reply, const Error* error = nullptr) {
  w.begin_object().key("id").string(r.id).key("object").string("response");
  w.key("created_at").integer(r.created_s).key("status").string(r.status);
  w.key("model").string(r.model).key("output").begin_array();
  if (reply) write_item(w, item_id(t), "completed", reply->content);
  w.end_array();
  w.key("previous_response_id").optional_string(r.previous_response_id);
  w.key("instructions").optional_string(r.instructions);
  w.key("error");
  if (error) {
    w.begin_object().key("code").string(errc_code(error->code));
    w.key("message").string(error->message).end_object();
  } else {
    w.null();
  }
  w.key("incomplete_details").null();
  w.key("usage");
  if (reply) {
    w.begin_object().key("input_tokens").integer(reply->input_tokens);
    w.key("input_tokens_details").begin_object().key("cached_tokens").integer(0).end_object();
    w.key("output_tokens").integer(reply->output_tokens);
    w.key("output_tokens_details").begin_object().key("reasoning_tokens").integer(0).end_object();
    w.key("total_tokens").integer(reply->input_tokens + reply->output_tokens).end_object();
  } else {
    w.null();
  }
  w.key("tools").begin_array().end_array().key("tool_choice").string("auto");
  w.key("parallel_tool_calls").boolean(false).key("store").boolean(true);
  w.key("metadata").begin_object().end_object().end_object();
}

// One streamed event: its type, its sequence number, then what `fields` writes.
std::string event(std::string_view type, std::int64_t sequence,
                  const std::function<void(JsonWriter&)>& fields) {
  JsonWriter w;
  w.begin_object().key("type").string(type).key("sequence_number").integer(sequence);
  fields(w);
  w.end_object();
  return "event: " + std::string(type) + "\ndata: " + w.take() + "\n\n";
}

void write_place(JsonWriter& w, const runtime::ChatTurn& t) {
  w.key("item_id").string(item_id(t)).key("output_index").integer(0);
  w.key("content_index").integer(0);
}

std::string stream_head(const ResponseView& view, const runtime::ChatTurn& t) {
  std::string out = event("response.created", 0, [&](JsonWriter& w) {
    w.key("response");
    write_response(w, view, t, nullptr);
  });
  out += event("response.in_progress", 1, [&](JsonWriter& w) {
    w.key("response");
    write_response(w, view, t, nullptr);
  });
  out += event("response.output_item.added", 2, [&](JsonWriter& w) {
    w.key("output_index").integer(0).key("item");
    write_item(w, item_id(t), "in_progress", std::nullopt);
  });
  out += event("response.content_part.added", 3, [&](JsonWriter& w) {
    write_place(w, t);
    w.key("part").begin_object().key("type").string("output_text").key("text").string("");
    w.key("annotations").begin_array().end_array().end_object();
  });
  return out;
}

TurnStreamFormat stream_format(const ResponseView& view, std::shared_ptr<runtime::ChatTurn> t) {
  auto sequence = std::make_shared<std::int64_t>(3);  // the head's last
  return {.item =
              [t, sequence](const runtime::ChatTurn::StreamItem& item) {
                if (item.event != "delta") return std::string();
                return event("response.output_text.delta", ++*sequence, [&](JsonWriter& w) {
                  write_place(w, *t);
                  w.key("delta").string(item.data);
                });
              },
          .error =
              [view, t, sequence](std::string_view, const Error& error) {
                ResponseView failed = view;
                failed.status = "failed";
                return event("response.failed", ++*sequence, [&](JsonWriter& w) {
                  w.key("response");
                  write_response(w, failed, *t, nullptr, &error);
                });
              },
          .end =
              [view, t, sequence](const store::MessageRecord& reply, const runtime::Completion&) {
                std::string out =
                    event("response.output_text.done", ++*sequence, [&](JsonWriter& w) {
                      write_place(w, *t);
                      w.key("text").string(reply.content);
                    });
                out += event("response.content_part.done", ++*sequence, [&](JsonWriter& w) {
                  write_place(w, *t);
                  w.key("part").begin_object().key("type").string("output_text");
                  w.key("text").string(reply.content);
                  w.key("annotations").begin_array().end_array().end_object();
                });
                out += event("response.output_item.done", ++*sequence, [&](JsonWriter& w) {
                  w.key("output_index").integer(0).key("item");
                  write_item(w, item_id(*t), "completed", reply.content);
                });
                ResponseView done = view;
                done.status = "completed";
                return out + event("response.completed", ++*sequence, [&](JsonWriter& w) {
                         w.key("response");
                         write_response(w, done, *t, &reply);
                       });
              }};
}

// The message items of `input` before its last user message are sent after the session's
// history; system and developer items join the instructions.
Result<void> read_input(const json::array& items, ModelTurnRequest& out) {
  std::optional<std::size_t> last_user;
  std::vector<runtime::Message> messages;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json::object& item = items[i].get_object();
    const std::string field = "input[" + std::to_string(i) + "]";
    const std::string role(item.at("role").as_string());
    auto text =
        text_of(item.if_contains("content"), field + ".content", {"input_text", "output_text"});
    if (!text) return text.error();
    if (role == "system" || role == "developer") {
      if (!out.turn.instructions.empty()) out.turn.instructions += "\n\n";
      out.turn.instructions += *text;
      continue;
    }
    if (role == "user") last_user = messages.size();
    out.turn.context_bytes += static_cast<std::int64_t>(text->size());
    messages.push_back({.role = role, .content = std::move(*text)});
  }
  if (!last_user || *last_user + 1 != messages.size()) {
    return make_error(Errc::validation_error, "input: the last message must be the user's",
                      "input");
  }
  out.turn.message = messages.back().content;
  out.turn.context_bytes -= static_cast<std::int64_t>(out.turn.message.size());
  messages.pop_back();
  out.caller.before_message = std::move(messages);
  return Ok{};
}

Result<ModelTurnRequest> read_request(const json::object& body) {
  ModelTurnRequest out;
  out.model = std::string(body.at("model").as_string());
  if (const auto* instructions = body.if_contains("instructions")) {
    out.turn.instructions = instructions->as_string();
  }
  if (const json::value& input = body.at("input"); input.is_string()) {
    out.turn.message = input.get_string();
  } else if (auto read = read_input(input.get_array(), out); !read) {
    return read.error();
  }
  if (const auto* t = body.if_contains("temperature"))
    out.caller.temperature = t->to_number<double>();
  if (const auto* max = body.if_contains("max_output_tokens")) {
    out.max_output_tokens = max->to_number<std::int64_t>();
  }
  if (const auto* user = body.if_contains("user")) {
    out.caller.end_user = user->as_string();
    out.turn.end_user_id = out.caller.end_user;
  }
  if (const auto* s = body.if_contains("stream")) out.stream = s->as_bool();
  return out;
}

asio::awaitable<http::Response> create_response(Call& call) {
  const json::object& body = call.body.as_object();
  auto request = read_request(body);
  if (!request) co_return error_reply(call, request.error());
  ResponseView view{.status = "in_progress"};
  if (const auto* i = body.if_contains("instructions"))
    view.instructions = std::string(i->as_string());
  if (const auto* previous = body.if_contains("previous_response_id")) {
    const std::string id(previous->as_string());
    view.previous_response_id = id;
    const std::string turn =
        id.starts_with(response_prefix) ? id.substr(response_prefix.size()) : id;
    auto session = co_await db_read(call.services.db, [&](store::Tx& tx) {
      return chat::session_of_turn(tx, call.account_id(), turn);
    });
    if (!session) {
      co_return error_reply(
          call, make_error(Errc::not_found, "no response with id " + id, "previous_response_id"));
    }
    request->turn.session_id = *session;
  }
  auto shaped = [view](const models::Model& model, const runtime::ChatTurn& t) {
    ResponseView v = view;
    v.id = response_id(t);
    v.model = model.id;
    v.created_s = t.turn().user_message.created_at_ms / 1000;
    return v;
  };
  // Built apart: a braced temporary among a co_await's arguments is freed twice by GCC 12.
  ModelTurnAnswer answer{
      .stream_head = [shaped](
                         const models::Model& model,
                         const runtime::ChatTurn& t) { return stream_head(shaped(model, t), t); },
      .stream_format =
          [shaped](const models::Model& model, const std::shared_ptr<runtime::ChatTurn>& t) {
            return stream_format(shaped(model, *t), t);
          },
      .whole =
          [shaped](const models::Model& model, const runtime::ChatTurn& t,
                   const store::MessageRecord& reply, const runtime::Completion&) {
            ResponseView v = shaped(model, t);
            v.status = "completed";
            JsonWriter w;
            write_response(w, v, t, &reply);
            return json_text_reply(200, w.take());
          }};
  co_return co_await answer_model_turn(call, std::move(*request), std::move(answer));
}

constexpr std::string_view request_schema = R"({
  "type": "object", "additionalProperties": false, "required": ["model", "input"],
  "properties": {
    "model": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The agent: its id, the name of one of your agents, or <handle>/<agent-name> for a public agent."},
    "input": {"type": ["string", "array"], "minLength": 1, "maxLength": 100000, "minItems": 1, "maxItems": 100,
      "description": "The new user message, or message items whose last is the user's.",
      "items": {"type": "object", "additionalProperties": false, "required": ["role", "content"],
        "properties": {"type": {"const": "message"},
          "role": {"type": "string", "enum": ["user", "assistant", "system", "developer"]},
          "content": {"type": ["string", "array"], "maxLength": 100000, "maxItems": 100,
            "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "maxLength": 32}, "text": {"type": "string", "maxLength": 100000}}}}}}},
    "instructions": {"type": "string", "maxLength": 100000, "description": "For this response only, after the agent's own prompt."},
    "previous_response_id": {"type": "string", "maxLength": 100, "description": "Continue the conversation of that response (its session)."},
    "stream": {"type": "boolean"},
    "temperature": {"type": "number", "minimum": 0, "maximum": 2},
    "max_output_tokens": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "user": {"type": "string", "maxLength": 128, "description": "Your end user's id: the new session's endUserId, and passed to the provider."},
    "store": {"const": true, "description": "Responses are always stored: they are turns of a session."}
  }})";

}  // namespace

std::vector<RouteSpec> response_routes() {
  return {{.method = "POST",
           .path = "/v1/responses",
           .operation_id = "createResponse",
           .tag = "OpenAI",
           .summary = "OpenAI Responses with an agent as the model: each response is a turn of a "
                      "chat session that previous_response_id continues; paid and limited like a "
                      "chat turn (stream: true → response.* events)",
           .scope = "chat",
           .request_schema = std::string(request_schema),
           .response_schema = R"({"$ref": "#/components/schemas/OpenAIResponse"})",
           .errors = {402, 403, 404, 409, 429, 503},
           .also_streams = true,
           .error_shape = &error_shape,
           .handler = create_response}};
}

}  // namespace agentry::api::openai
