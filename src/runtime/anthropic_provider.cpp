#include "runtime/anthropic_provider.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "runtime/provider_stream.hpp"

namespace agentry::runtime {
namespace json = boost::json;

namespace {
std::string request_body(const CompletionRequest& r) {
  json::array messages;
  for (const auto& m : r.messages) {
    messages.push_back(json::object{{"role", m.role}, {"content", m.content}});
  }
  json::object body{{"model", r.model},
                    {"messages", std::move(messages)},
                    {"max_tokens", r.max_output_tokens},
                    {"stream", true}};
  if (!r.system.empty()) body["system"] = r.system;
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
    } else if (kind == "content_block_delta") {
      const auto* delta = o.if_contains("delta");
      const auto* text =
          delta && delta->is_object() ? delta->as_object().if_contains("text") : nullptr;
      if (text && text->is_string() && !text->as_string().empty()) {
        std::string_view piece = text->as_string();
        out.text += piece;
        on_delta(piece);
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
  co_return out;
}

}  // namespace agentry::runtime
