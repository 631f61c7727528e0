#include "runtime/anthropic_provider.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>

#include "runtime/provider_stream.hpp"

namespace agentry::runtime {
namespace json = boost::json;

namespace {

// The request's messages in Anthropic's form: an assistant's tool calls are tool_use blocks after
// its text, and tool results are tool_result blocks of the user message that follows (results
// of one round in one message).
json::array messages_of(const std::vector<Message>& messages) {
  json::array out;
  for (const Message& m : messages) {
    if (m.role == "tool") {
      json::object result{
          {"type", "tool_result"}, {"tool_use_id", m.tool_call_id}, {"content", m.content}};
      if (!out.empty() && out.back().as_object().at("role") == "user" &&
          out.back().as_object().at("content").is_array()) {
        out.back().as_object()["content"].as_array().push_back(std::move(result));
      } else {
        out.push_back(json::object{{"role", "user"}, {"content", json::array{std::move(result)}}});
      }
      continue;
    }
    if (m.tool_calls.empty()) {
      out.push_back(json::object{{"role", m.role}, {"content", m.content}});
      continue;
    }
    json::array blocks;
    if (!m.content.empty()) blocks.push_back(json::object{{"type", "text"}, {"text", m.content}});
    for (const ToolCall& c : m.tool_calls) {
      blocks.push_back(json::object{{"type", "tool_use"},
                                    {"id", c.id},
                                    {"name", c.name},
                                    {"input", json::parse(c.arguments)}});
    }
    out.push_back(json::object{{"role", m.role}, {"content", std::move(blocks)}});
  }
  return out;
}

std::string request_body(const CompletionRequest& r) {
  json::object body{{"model", r.model},
                    {"messages", messages_of(r.messages)},
                    {"max_tokens", r.max_output_tokens},
                    {"stream", true}};
  if (!r.system.empty()) body["system"] = r.system;
  // Anthropic's temperature ends at 1 where OpenAI's goes on to 2.
  if (r.temperature) body["temperature"] = std::min(*r.temperature, 1.0);
  if (!r.stop.empty()) body["stop_sequences"] = json::array(r.stop.begin(), r.stop.end());
  if (!r.end_user.empty()) body["metadata"] = json::object{{"user_id", r.end_user}};
  if (!r.tools.empty()) {
    json::array tools;
    for (const ToolSpec& t : r.tools) {
      tools.push_back(json::object{{"name", t.name},
                                   {"description", t.description},
                                   {"input_schema", json::parse(t.parameters)}});
    }
    body["tools"] = std::move(tools);
  }
  return json::serialize(body);
}

std::int64_t integer_at(const json::object& o, std::string_view object, std::string_view field) {
  const auto* inner = o.if_contains(object);
  if (!inner || !inner->is_object()) return -1;
  const auto* v = inner->as_object().if_contains(field);
  return v && v->is_int64() ? v->as_int64() : -1;
}
}  // namespace

boost::asio::awaitable<Result<Completion>> AnthropicProvider::complete(CompletionRequest request,
                                                                       DeltaSink on_delta) {
  OutboundRequest call{.url = base_url_ + "/v1/messages",
                       .headers = {{"Content-Type", "application/json"},
                                   {"Accept", "text/event-stream"},
                                   {"anthropic-version", std::string(api_version)},
                                   {"x-api-key", request.api_key}},
                       .body = request_body(request)};
  Completion out;
  bool stopped = false;
  // The content blocks that are tool calls, by their index, while their input streams in.
  std::map<std::int64_t, std::size_t> tool_blocks;
  auto on_event = [&](const SseParser::Event& e) -> Result<void> {
    boost::system::error_code ec;
    json::value v = json::parse(e.data, ec);
    if (ec || !v.is_object()) {
      return make_error(Errc::unavailable, "the provider sent an event that is not JSON");
    }
    const json::object& o = v.as_object();
    const json::value* type = o.if_contains("type");
    const std::string_view kind =
        type && type->is_string() ? std::string_view(type->as_string()) : std::string_view(e.type);
    if (kind == "error") return make_error(Errc::unavailable, provider_error(200, e.data));
    if (kind == "message_start") {
      const auto* message = o.if_contains("message");
      if (message && message->is_object()) {
        out.input_tokens =
            std::max<std::int64_t>(0, integer_at(message->as_object(), "usage", "input_tokens"));
      }
    } else if (kind == "content_block_start") {
      const auto* block = o.if_contains("content_block");
      const auto* index = o.if_contains("index");
      if (block && block->is_object() && index && index->is_int64() &&
          block->as_object().contains("type") && block->as_object().at("type") == "tool_use") {
        const json::object& b = block->as_object();
        auto text_of = [&](std::string_view key) {
          const auto* field = b.if_contains(key);
          return field && field->is_string() ? std::string(field->get_string()) : std::string();
        };
        tool_blocks[index->as_int64()] = out.tool_calls.size();
        out.tool_calls.push_back({.id = text_of("id"), .name = text_of("name")});
      }
    } else if (kind == "content_block_delta") {
      const auto* delta = o.if_contains("delta");
      const auto* text =
          delta && delta->is_object() ? delta->as_object().if_contains("text") : nullptr;
      if (text && text->is_string() && !text->as_string().empty()) {
        std::string_view piece = text->as_string();
        out.text += piece;
        on_delta(piece);
      }
      const auto* json_part =
          delta && delta->is_object() ? delta->as_object().if_contains("partial_json") : nullptr;
      const auto* index = o.if_contains("index");
      if (json_part && json_part->is_string() && index && index->is_int64()) {
        const auto block = tool_blocks.find(index->as_int64());
        if (block == tool_blocks.end()) {
          return make_error(Errc::unavailable,
                            "the provider sent tool input for a block that is not a tool call");
        }
        out.tool_calls[block->second].arguments += json_part->as_string();
      }
    } else if (kind == "message_delta") {
      if (auto n = integer_at(o, "usage", "output_tokens"); n >= 0) out.output_tokens = n;
    } else if (kind == "message_stop") {
      stopped = true;
    }
    return Ok{};
  };
  auto streamed = co_await stream_events(client_, std::move(call), timeout_ms_, on_event);
  if (!streamed) co_return streamed.error();
  if (!stopped) {
    co_return make_error(Errc::unavailable, "the provider's stream ended before message_stop");
  }
  if (auto checked = check_tool_calls(out.tool_calls); !checked) co_return checked.error();
  co_return out;
}

}  // namespace agentry::runtime
