#include "runtime/provider_stream.hpp"

#include <boost/json/parse.hpp>

namespace agentry::runtime {
namespace json = boost::json;

namespace {
constexpr std::size_t max_error_body_bytes = std::size_t{64} * 1024;
}  // namespace

HttpProvider::HttpProvider(HttpClient& client, std::string base_url, std::int64_t timeout_ms)
    : client_(client), base_url_(std::move(base_url)), timeout_ms_(timeout_ms) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

boost::asio::awaitable<Result<void>> stream_events(HttpClient& client, OutboundRequest call,
                                                   std::int64_t timeout_ms,
                                                   const SseParser::OnEvent& on_event) {
  SseParser sse;
  std::string error_body;
  auto response = co_await client.send(
      std::move(call), {.timeout_ms = timeout_ms},
      [&](const OutboundResponse& head, std::string_view bytes) -> Result<void> {
        if (head.status / 100 != 2) {
          if (error_body.size() + bytes.size() <= max_error_body_bytes) error_body += bytes;
          return Ok{};
        }
        return sse.feed(bytes, on_event);
      });
  if (!response) co_return response.error();
  if (response->status / 100 != 2) {
    co_return make_error(Errc::unavailable, provider_error(response->status, error_body));
  }
  co_return Ok{};
}

std::int64_t estimate_tokens(std::size_t bytes) {
  return static_cast<std::int64_t>((bytes + 3) / 4);
}

std::string provider_error(unsigned status, std::string_view body) {
  std::string out = "the provider answered " + std::to_string(status);
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return out;
  const json::value* error = v.as_object().if_contains("error");
  if (!error || !error->is_object()) return out;
  std::string detail;
  for (const char* field : {"type", "code"}) {
    const json::value* f = error->as_object().if_contains(field);
    if (f && f->is_string() && f->as_string().size() <= 64) {
      detail += (detail.empty() ? "" : ", ") + std::string(f->as_string());
    }
  }
  return detail.empty() ? out : out + " (" + detail + ")";
}

Result<void> check_tool_calls(std::vector<ToolCall>& calls) {
  for (std::size_t i = 0; i < calls.size(); ++i) {
    ToolCall& c = calls[i];
    if (c.name.empty()) {
      return make_error(Errc::unavailable, "the provider sent a tool call without a name");
    }
    if (c.arguments.empty()) c.arguments = "{}";
    boost::system::error_code ec;
    const boost::json::value args = boost::json::parse(c.arguments, ec);
    if (ec || !args.is_object()) {
      return make_error(Errc::unavailable,
                        "the provider sent tool call arguments that are not a JSON object");
    }
    if (c.id.empty()) c.id = "call_" + std::to_string(i);
  }
  return Ok{};
}

}  // namespace agentry::runtime
