#include "runtime/openai_provider.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "runtime/provider_stream.hpp"

namespace agentry::runtime {
namespace json = boost::json;

namespace {

json::object message_of(const Message& m) {
  json::object out{{"role", m.role}, {"content", m.content}};
  if (!m.tool_calls.empty()) {
    json::array calls;
    for (const ToolCall& c : m.tool_calls) {
      calls.push_back(
          json::object{{"id", c.id},
                       {"type", "function"},
                       {"function", json::object{{"name", c.name}, {"arguments", c.arguments}}}});
    }
    out["tool_calls"] = std::move(calls);
    if (m.content.empty()) out["content"] = nullptr;
  }
  if (m.role == "tool") out["tool_call_id"] = m.tool_call_id;
  return out;
}

std::string request_body(const CompletionRequest& r) {
  json::array messages;
  if (!r.system.empty())
    messages.push_back(json::object{{"role", "system"}, {"content", r.system}});
  for (const auto& m : r.messages) messages.push_back(message_of(m));
  json::object body{{"model", r.model},
                    {"messages", std::move(messages)},
                    {"stream", true},
                    {"stream_options", {{"include_usage", true}}},
                    {"max_tokens", r.max_output_tokens}};
  if (r.temperature) body["temperature"] = *r.temperature;
  if (!r.stop.empty()) body["stop"] = json::array(r.stop.begin(), r.stop.end());
  if (!r.end_user.empty()) body["user"] = r.end_user;
  if (!r.tools.empty()) {
    json::array tools;
    for (const ToolSpec& t : r.tools) {
      tools.push_back(
          json::object{{"type", "function"},
                       {"function", json::object{{"name", t.name},
                                                 {"description", t.description},
                                                 {"parameters", json::parse(t.parameters)}}}});
    }
    body["tools"] = std::move(tools);
  }
  return json::serialize(body);
}

std::string_view string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

// Adds a streamed tool_calls delta to the calls gathered so far (by their index).
Result<void> gather_tool_calls(const json::array& deltas, std::vector<ToolCall>& calls) {
  for (const auto& d : deltas) {
    if (!d.is_object()) continue;
    const auto* index = d.as_object().if_contains("index");
    if (!index || !index->is_int64() || index->as_int64() < 0 || index->as_int64() > 63) {
      return make_error(Errc::unavailable, "the provider sent a tool call without a valid index");
    }
    const auto i = static_cast<std::size_t>(index->as_int64());
    if (calls.size() <= i) calls.resize(i + 1);
    ToolCall& call = calls[i];
    call.id += string_at(d.as_object(), "id");
    if (const auto* f = d.as_object().if_contains("function"); f && f->is_object()) {
      call.name += string_at(f->as_object(), "name");
      call.arguments += string_at(f->as_object(), "arguments");
    }
  }
  return Ok{};
}

}  // namespace

boost::asio::awaitable<Result<Completion>> OpenAiProvider::complete(CompletionRequest request,
                                                                    DeltaSink on_delta) {
  OutboundRequest call{
      .url = base_url_ + "/chat/completions",
      .headers = {{"Content-Type", "application/json"}, {"Accept", "text/event-stream"}},
      .body = request_body(request)};
  if (!request.api_key.empty())
    call.headers.emplace_back("Authorization", "Bearer " + request.api_key);
  std::size_t prompt_bytes = request.system.size();
  for (const auto& m : request.messages) prompt_bytes += m.content.size();

  Completion out;
  bool usage_seen = false;
  bool done = false;
  auto on_event = [&](const SseParser::Event& e) -> Result<void> {
    if (e.data == "[DONE]") {
      done = true;
      return Ok{};
    }
    boost::system::error_code ec;
    json::value chunk = json::parse(e.data, ec);
    if (ec || !chunk.is_object()) {
      return make_error(Errc::unavailable, "the provider sent a chunk that is not JSON");
    }
    const json::object& o = chunk.as_object();
    if (o.contains("error")) return make_error(Errc::unavailable, provider_error(200, e.data));
    if (const auto* choices = o.if_contains("choices"); choices && choices->is_array()) {
      for (const auto& c : choices->as_array()) {
        const auto* delta = c.is_object() ? c.as_object().if_contains("delta") : nullptr;
        const auto* content =
            delta && delta->is_object() ? delta->as_object().if_contains("content") : nullptr;
        if (content && content->is_string() && !content->as_string().empty()) {
          std::string_view text = content->as_string();
          out.text += text;
          on_delta(text);
        }
        const auto* calls =
            delta && delta->is_object() ? delta->as_object().if_contains("tool_calls") : nullptr;
        if (calls && calls->is_array()) {
          if (auto gathered = gather_tool_calls(calls->as_array(), out.tool_calls); !gathered) {
            return gathered.error();
          }
        }
      }
    }
    if (const auto* usage = o.if_contains("usage"); usage && usage->is_object()) {
      const auto& u = usage->as_object();
      if (u.contains("prompt_tokens") && u.at("prompt_tokens").is_int64()) {
        out.input_tokens = u.at("prompt_tokens").as_int64();
        out.output_tokens = u.contains("completion_tokens") && u.at("completion_tokens").is_int64()
                                ? u.at("completion_tokens").as_int64()
                                : 0;
        usage_seen = true;
      }
    }
    return Ok{};
  };
  auto streamed = co_await stream_events(client_, std::move(call), timeout_ms_, on_event);
  if (!streamed) co_return streamed.error();
  if (!done && !usage_seen) {
    co_return make_error(Errc::unavailable, "the provider's stream ended before it was complete");
  }
  if (auto checked = check_tool_calls(out.tool_calls); !checked) co_return checked.error();
  if (!usage_seen) {
    out.input_tokens = estimate_tokens(prompt_bytes);
    out.output_tokens = estimate_tokens(out.text.size());
  }
  co_return out;
}

}  // namespace agentry::runtime
