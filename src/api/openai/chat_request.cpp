#include "api/openai/chat_request.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

#include "api/openai/text_parts.hpp"

namespace agentry::api::openai {
namespace json = boost::json;
namespace {

constexpr std::string_view empty_parameters = R"({"type":"object","properties":{}})";

std::string at(std::string_view path, std::size_t index, std::string_view field = {}) {
  std::string out = std::string(path) + "[" + std::to_string(index) + "]";
  if (!field.empty()) out += "." + std::string(field);
  return out;
}

Result<runtime::Message> message_of(const json::object& m, std::size_t i, std::size_t& bytes) {
  const std::string role(m.at("role").as_string());
  auto text = text_of(m.if_contains("content"), at("messages", i, "content"), {"text"});
  if (!text) return text.error();
  bytes += text->size();
  runtime::Message message{.role = role, .content = std::move(*text)};
  if (role == "assistant") {
    if (const auto* calls = m.if_contains("tool_calls")) {
      for (const json::value& c : calls->get_array()) {
        const json::object& call = c.get_object();
        const json::object& function = call.at("function").get_object();
        message.tool_calls.push_back(
            {.id = std::string(call.at("id").as_string()),
             .name = std::string(function.at("name").as_string()),
             .arguments = std::string(function.at("arguments").as_string())});
        bytes += message.tool_calls.back().arguments.size();
      }
    }
  } else if (role == "tool") {
    const auto* id = m.if_contains("tool_call_id");
    if (!id) {
      return make_error(
          Errc::validation_error,
          at("messages", i, "tool_call_id") + ": a tool message names the call it answers",
          at("messages", i, "tool_call_id"));
    }
    message.tool_call_id = std::string(id->as_string());
  }
  return message;
}

Result<void> read_messages(const json::array& messages, ModelTurnRequest& out) {
  std::size_t bytes = 0;
  std::optional<std::size_t> last_user;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const json::object& m = messages[i].get_object();
    const std::string_view role = m.at("role").as_string();
    if (role == "system" || role == "developer") {
      auto text = text_of(m.if_contains("content"), at("messages", i, "content"), {"text"});
      if (!text) return text.error();
      if (!out.turn.instructions.empty()) out.turn.instructions += "\n\n";
      out.turn.instructions += *text;
      continue;
    }
    auto message = message_of(m, i, bytes);
    if (!message) return message.error();
    if (role == "user") last_user = out.caller.messages.size();
    out.caller.messages.push_back(std::move(*message));
  }
  if (!last_user) {
    return make_error(Errc::validation_error, "messages: at least one message must be the user's",
                      "messages");
  }
  out.turn.message = out.caller.messages[*last_user].content;
  out.turn.context_bytes = static_cast<std::int64_t>(bytes - out.turn.message.size());
  return Ok{};
}

Result<void> read_tools(const json::object& body, ModelTurnRequest& out) {
  const auto* tools = body.if_contains("tools");
  if (!tools) return Ok{};
  if (const auto* choice = body.if_contains("tool_choice")) {
    if (!choice->is_string() ||
        (choice->get_string() != "auto" && choice->get_string() != "none")) {
      return make_error(Errc::validation_error,
                        R"(tool_choice: only "auto" and "none" are supported)", "tool_choice");
    }
    if (choice->get_string() == "none") return Ok{};
  }
  for (const json::value& t : tools->get_array()) {
    const json::object& function = t.get_object().at("function").get_object();
    runtime::ToolSpec spec{.name = std::string(function.at("name").as_string())};
    if (const auto* d = function.if_contains("description")) spec.description = d->as_string();
    const auto* parameters = function.if_contains("parameters");
    spec.parameters = parameters ? json::serialize(*parameters) : std::string(empty_parameters);
    out.turn.context_bytes += static_cast<std::int64_t>(spec.name.size() + spec.description.size() +
                                                        spec.parameters.size());
    out.caller.tools.push_back(std::move(spec));
  }
  return Ok{};
}

}  // namespace

Result<ChatRequest> read_chat_request(const json::object& body) {
  ChatRequest request;
  ModelTurnRequest& out = request.turn;
  out.model = std::string(body.at("model").as_string());
  out.turn.stateless = true;
  if (auto read = read_messages(body.at("messages").as_array(), out); !read) return read.error();
  if (auto read = read_tools(body, out); !read) return read.error();
  if (const auto* t = body.if_contains("temperature"))
    out.caller.temperature = t->to_number<double>();
  if (const auto* stop = body.if_contains("stop")) {
    if (stop->is_string()) {
      out.caller.stop.emplace_back(stop->get_string());
    } else {
      for (const json::value& s : stop->get_array()) out.caller.stop.emplace_back(s.get_string());
    }
  }
  for (const char* name : {"max_tokens", "max_completion_tokens"}) {
    if (const auto* max = body.if_contains(name)) {
      const auto value = max->to_number<std::int64_t>();
      out.max_output_tokens = std::min(out.max_output_tokens.value_or(value), value);
    }
  }
  if (const auto* user = body.if_contains("user")) out.caller.end_user = user->as_string();
  if (const auto* s = body.if_contains("stream")) out.stream = s->as_bool();
  if (const auto* options = body.if_contains("stream_options")) {
    if (const auto* usage = options->as_object().if_contains("include_usage")) {
      request.include_usage = usage->as_bool();
    }
  }
  return request;
}

std::string chat_request_schema() {
  return R"({
  "type": "object", "additionalProperties": false, "required": ["model", "messages"],
  "properties": {
    "model": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The agent: its id, the name of one of your agents, or <handle>/<agent-name> for a public agent."},
    "messages": {"type": "array", "minItems": 1, "maxItems": 1000, "description": "The whole conversation (nothing is kept between calls). System and developer messages add to the agent's own instructions.",
      "items": {"type": "object", "additionalProperties": false, "required": ["role"],
        "properties": {
          "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
          "content": {"type": ["string", "array", "null"], "maxLength": 1000000, "maxItems": 100,
            "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "maxLength": 32}, "text": {"type": "string", "maxLength": 1000000}}}},
          "name": {"type": "string", "maxLength": 64},
          "tool_calls": {"type": "array", "maxItems": 64, "items": {"type": "object", "additionalProperties": false, "required": ["id", "type", "function"],
            "properties": {"id": {"type": "string", "maxLength": 128}, "type": {"const": "function"},
              "function": {"type": "object", "additionalProperties": false, "required": ["name", "arguments"], "properties": {"name": {"type": "string", "maxLength": 64}, "arguments": {"type": "string", "maxLength": 100000}}}}}},
          "tool_call_id": {"type": "string", "maxLength": 128},
          "refusal": {"type": ["string", "null"], "maxLength": 10000},
          "annotations": {"type": "array", "maxItems": 0}}}},
    "stream": {"type": "boolean"},
    "stream_options": {"type": "object", "additionalProperties": false, "properties": {"include_usage": {"type": "boolean"}}},
    "temperature": {"type": "number", "minimum": 0, "maximum": 2},
    "max_tokens": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "max_completion_tokens": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "stop": {"type": ["string", "array"], "minLength": 1, "maxLength": 100, "maxItems": 4, "items": {"type": "string", "minLength": 1, "maxLength": 100}},
    "n": {"type": "integer", "minimum": 1, "maximum": 1, "description": "One choice is made."},
    "user": {"type": "string", "maxLength": 256, "description": "Your end user's id: passed to the agent's provider."},
    "tools": {"type": "array", "maxItems": 64, "description": "Your own functions: a call of one ends the completion with finish_reason tool_calls, for you to run.",
      "items": {"type": "object", "additionalProperties": false, "required": ["type", "function"],
        "properties": {"type": {"const": "function"},
          "function": {"type": "object", "additionalProperties": false, "required": ["name"],
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$"},
              "description": {"type": "string", "maxLength": 10000},
              "parameters": {"type": "object", "maxProperties": 100},
              "strict": {"type": ["boolean", "null"]}}}}}},
    "tool_choice": {"type": ["string", "object"], "description": "auto (the default) or none."}
  }})";
}

}  // namespace agentry::api::openai
