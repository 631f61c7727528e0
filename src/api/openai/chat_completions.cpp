#include <memory>

#include "api/model_turn.hpp"
#include "api/openai/chat_request.hpp"
#include "api/openai/errors.hpp"
#include "api/openai/routes.hpp"
#include "api/reply.hpp"

// POST /v1/chat/completions: a stateless chat turn with the agent `model` names, in OpenAI's
// Chat Completions wire format, whole or streamed as chat.completion.chunk events.
namespace agentry::api::openai {
namespace asio = boost::asio;
namespace {

// What every object of one completion shares.
struct Head {
  std::string id;  // chatcmpl-<the turn's id>
  std::int64_t created_s = 0;
  std::string model;
};

void write_head(JsonWriter& w, const Head& head, std::string_view object) {
  w.key("id").string(head.id).key("object").string(object);
  w.key("created").integer(head.created_s).key("model").string(head.model);
}

void write_usage(JsonWriter& w, const store::MessageRecord& reply) {
  w.key("usage").begin_object();
  w.key("prompt_tokens").integer(reply.input_tokens);
  w.key("completion_tokens").integer(reply.output_tokens);
  w.key("total_tokens").integer(reply.input_tokens + reply.output_tokens);
  w.end_object();
}

void write_tool_calls(JsonWriter& w, const std::vector<runtime::ToolCall>& calls, bool indexed) {
  w.key("tool_calls").begin_array();
  for (std::size_t i = 0; i < calls.size(); ++i) {
    w.begin_object();
    if (indexed) w.key("index").integer(static_cast<std::int64_t>(i));
    w.key("id").string(calls[i].id).key("type").string("function");
    w.key("function").begin_object().key("name").string(calls[i].name);
    w.key("arguments").string(calls[i].arguments).end_object();
    w.end_object();
  }
  w.end_array();
}

std::string_view finish_reason(const runtime::ChatTurn& t, const runtime::Completion& done) {
  if (!done.tool_calls.empty()) return "tool_calls";
  return chat::reached_output_limit(t.turn(), done.output_tokens) ? "length" : "stop";
}

std::string chunk(const Head& head, const std::function<void(JsonWriter&)>& choice) {
  JsonWriter w;
  w.begin_object();
  write_head(w, head, "chat.completion.chunk");
  w.key("choices").begin_array();
  if (choice) {
    w.begin_object().key("index").integer(0);
    choice(w);
    w.key("logprobs").null().end_object();
  }
  w.end_array().end_object();
  return "data: " + w.take() + "\n\n";
}

TurnStreamFormat chunk_format(const Head& head, std::shared_ptr<runtime::ChatTurn> t,
                              bool include_usage) {
  return {.item =
              [head](const runtime::ChatTurn::StreamItem& item) {
                // The agent's own tool calls are its business; the caller sees the text.
                if (item.event != "delta") return std::string();
                return chunk(head, [&](JsonWriter& w) {
                  w.key("delta").begin_object().key("content").string(item.data).end_object();
                  w.key("finish_reason").null();
                });
              },
          .error =
              [](std::string_view, const Error& error) {
                return "data: " + error_body(status_of(error.code), error, {}) + "\n\n";
              },
          .end =
              [head, t, include_usage](const store::MessageRecord& reply,
                                       const runtime::Completion& done) {
                std::string out;
                if (!done.tool_calls.empty()) {
                  out += chunk(head, [&](JsonWriter& w) {
                    w.key("delta").begin_object();
                    write_tool_calls(w, done.tool_calls, true);
                    w.end_object().key("finish_reason").null();
                  });
                }
                out += chunk(head, [&](JsonWriter& w) {
                  w.key("delta").begin_object().end_object();
                  w.key("finish_reason").string(finish_reason(*t, done));
                });
                if (include_usage) {
                  JsonWriter w;
                  w.begin_object();
                  write_head(w, head, "chat.completion.chunk");
                  w.key("choices").begin_array().end_array();
                  write_usage(w, reply);
                  w.end_object();
                  out += "data: " + w.take() + "\n\n";
                }
                return out + "data: [DONE]\n\n";
              }};
}

http::Response completion_reply(const Head& head, const runtime::ChatTurn& t,
                                const store::MessageRecord& reply,
                                const runtime::Completion& done) {
  JsonWriter w;
  w.begin_object();
  write_head(w, head, "chat.completion");
  w.key("choices").begin_array().begin_object().key("index").integer(0);
  w.key("message").begin_object().key("role").string("assistant").key("content");
  if (reply.content.empty() && !done.tool_calls.empty()) {
    w.null();
  } else {
    w.string(reply.content);
  }
  w.key("refusal").null();
  if (!done.tool_calls.empty()) write_tool_calls(w, done.tool_calls, false);
  w.end_object();
  w.key("logprobs").null().key("finish_reason").string(finish_reason(t, done));
  w.end_object().end_array();
  write_usage(w, reply);
  w.key("system_fingerprint").null();
  w.end_object();
  return json_text_reply(200, w.take());
}

Head head_of(const models::Model& model, const runtime::ChatTurn& t) {
  return {.id = "chatcmpl-" + t.turn().user_message.id,
          .created_s = t.turn().user_message.created_at_ms / 1000,
          .model = model.id};
}

asio::awaitable<http::Response> create_chat_completion(Call& call) {
  auto request = read_chat_request(call.body.as_object());
  if (!request) co_return error_reply(call, request.error());
  const bool include_usage = request->include_usage;
  // Built apart: a braced temporary among a co_await's arguments is freed twice by GCC 12.
  ModelTurnAnswer answer{
      .stream_head =
          [](const models::Model& model, const runtime::ChatTurn& t) {
            return chunk(head_of(model, t), [](JsonWriter& w) {
              w.key("delta").begin_object().key("role").string("assistant");
              w.key("content").string("").end_object().key("finish_reason").null();
            });
          },
      .stream_format =
          [include_usage](const models::Model& model, const std::shared_ptr<runtime::ChatTurn>& t) {
            return chunk_format(head_of(model, *t), t, include_usage);
          },
      .whole =
          [](const models::Model& model, const runtime::ChatTurn& t,
             const store::MessageRecord& reply, const runtime::Completion& done) {
            return completion_reply(head_of(model, t), t, reply, done);
          }};
  co_return co_await answer_model_turn(call, std::move(request->turn), std::move(answer));
}

}  // namespace

std::vector<RouteSpec> chat_completion_routes() {
  return {{.method = "POST",
           .path = "/v1/chat/completions",
           .operation_id = "createChatCompletion",
           .tag = "OpenAI",
           .summary = "OpenAI Chat Completions with an agent as the model: the agent's prompt, "
                      "knowledge and skills apply; paid and limited like a chat turn "
                      "(stream: true → chat.completion.chunk events, then [DONE])",
           .scope = "chat",
           .request_schema = chat_request_schema(),
           .response_schema = R"({"$ref": "#/components/schemas/OpenAIChatCompletion"})",
           .errors = {402, 403, 404, 409, 429, 503},
           .also_streams = true,
           .error_shape = &error_shape,
           .handler = create_chat_completion}};
}

}  // namespace agentry::api::openai
