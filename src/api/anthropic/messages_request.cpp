#include <boost/json/serialize.hpp>

#include "api/anthropic/messages.hpp"

namespace agentry::api::anthropic {
namespace json = boost::json;
namespace {

std::string at(std::size_t message, std::size_t block) {
  return "messages[" + std::to_string(message) + "].content[" + std::to_string(block) + "]";
}

// A tool_result's content: a string, or text blocks joined.
std::string result_text(const json::value* content) {
  if (!content) return {};
  if (content->is_string()) return std::string(content->get_string());
  std::string out;
  for (const json::value& b : content->get_array()) {
    if (const auto* text = b.get_object().if_contains("text"); text && text->is_string()) {
      out += text->get_string();
    }
  }
  return out;
}

// One message's blocks as the provider messages they are: an assistant's text and tool_use
// calls as one message; a user's tool_result blocks as tool messages, then its text.
Result<void> read_message(const json::object& m, std::size_t i, ModelTurnRequest& out,
                          std::size_t& bytes, bool& has_text) {
  const std::string role(m.at("role").as_string());
  runtime::Message message{.role = role};
  has_text = false;
  const json::value& content = m.at("content");
  if (content.is_string()) {
    message.content = content.get_string();
    has_text = true;
  } else {
    const json::array& blocks = content.get_array();
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const json::object& block = blocks[b].get_object();
      const std::string_view type = block.at("type").as_string();
      if (type == "text" && block.contains("text")) {
        message.content += block.at("text").as_string();
        has_text = true;
      } else if (type == "tool_use" && role == "assistant" && block.contains("id") &&
                 block.contains("name")) {
        const json::value* input = block.if_contains("input");
        message.tool_calls.push_back({.id = std::string(block.at("id").as_string()),
                                      .name = std::string(block.at("name").as_string()),
                                      .arguments = input ? json::serialize(*input) : "{}"});
        bytes += message.tool_calls.back().arguments.size();
      } else if (type == "tool_result" && role == "user" && block.contains("tool_use_id")) {
        runtime::Message result{.role = "tool",
                                .content = result_text(block.if_contains("content")),
                                .tool_call_id = std::string(block.at("tool_use_id").as_string())};
        bytes += result.content.size();
        out.caller.messages.push_back(std::move(result));
      } else {
        return make_error(Errc::validation_error,
                          at(i, b) + ": a " + std::string(type) + " block is not supported here",
                          at(i, b));
      }
    }
  }
  bytes += message.content.size();
  if (has_text || !message.tool_calls.empty()) out.caller.messages.push_back(std::move(message));
  return Ok{};
}

std::string system_text(const json::value& system) {
  if (system.is_string()) return std::string(system.get_string());
  std::string out;
  for (const json::value& b : system.get_array()) {
    if (!out.empty()) out += "\n\n";
    out += b.get_object().at("text").as_string();
  }
  return out;
}

Result<void> read_tools(const json::object& body, ModelTurnRequest& out) {
  const auto* tools = body.if_contains("tools");
  if (!tools) return Ok{};
  if (const auto* choice = body.if_contains("tool_choice")) {
    const std::string_view type = choice->as_object().at("type").as_string();
    if (type != "auto" && type != "none") {
      return make_error(Errc::validation_error,
                        "tool_choice: only {\"type\": \"auto\"} and {\"type\": \"none\"} are "
                        "supported",
                        "tool_choice.type");
    }
    if (type == "none") return Ok{};
  }
  for (const json::value& t : tools->get_array()) {
    const json::object& tool = t.get_object();
    runtime::ToolSpec spec{.name = std::string(tool.at("name").as_string()),
                           .parameters = json::serialize(tool.at("input_schema"))};
    if (const auto* d = tool.if_contains("description")) spec.description = d->as_string();
    out.turn.context_bytes += static_cast<std::int64_t>(spec.name.size() + spec.description.size() +
                                                        spec.parameters.size());
    out.caller.tools.push_back(std::move(spec));
  }
  return Ok{};
}

}  // namespace

Result<ModelTurnRequest> read_messages_request(const json::object& body) {
  ModelTurnRequest out;
  out.model = std::string(body.at("model").as_string());
  out.turn.stateless = true;
  if (const auto* system = body.if_contains("system")) out.turn.instructions = system_text(*system);
  const json::array& messages = body.at("messages").as_array();
  std::size_t bytes = 0;
  std::optional<std::size_t> last_user;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const json::object& m = messages[i].get_object();
    bool has_text = false;
    if (auto read = read_message(m, i, out, bytes, has_text); !read) return read.error();
    if (has_text && m.at("role").as_string() == "user") last_user = out.caller.messages.size() - 1;
  }
  if (!last_user) {
    return make_error(Errc::validation_error, "messages: no user message holds text", "messages");
  }
  out.turn.message = out.caller.messages[*last_user].content;
  out.turn.context_bytes += static_cast<std::int64_t>(bytes - out.turn.message.size());
  if (auto read = read_tools(body, out); !read) return read.error();
  out.max_output_tokens = body.at("max_tokens").to_number<std::int64_t>();
  if (const auto* t = body.if_contains("temperature"))
    out.caller.temperature = t->to_number<double>();
  if (const auto* stops = body.if_contains("stop_sequences")) {
    for (const json::value& s : stops->get_array()) out.caller.stop.emplace_back(s.get_string());
  }
  if (const auto* metadata = body.if_contains("metadata")) {
    if (const auto* user = metadata->as_object().if_contains("user_id")) {
      out.caller.end_user = user->as_string();
    }
  }
  if (const auto* s = body.if_contains("stream")) out.stream = s->as_bool();
  return out;
}

}  // namespace agentry::api::anthropic
