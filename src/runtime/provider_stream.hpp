#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "runtime/http_client.hpp"
#include "runtime/provider.hpp"
#include "runtime/sse_parser.hpp"

// What the streaming providers share: the call, the event stream of a 2xx answer, the error of
// any other.
namespace agentry::runtime {

// A streaming provider reached at a base URL (its trailing slashes dropped), each call within
// `timeout_ms`.
class HttpProvider : public Provider {
 public:
  HttpProvider(HttpClient& client, std::string base_url, std::int64_t timeout_ms);

 protected:
  HttpClient& client_;
  std::string base_url_;
  std::int64_t timeout_ms_;
};

// Sends `call` and passes the events of a 2xx answer's stream to `on_event`. Errors:
// unavailable — from the client, from `on_event`, or for a non-2xx answer (provider_error).
boost::asio::awaitable<Result<void>> stream_events(HttpClient& client, OutboundRequest call,
                                                   std::int64_t timeout_ms,
                                                   const SseParser::OnEvent& on_event);

// The message of a provider's error answer: its status and, when the body names them, the
// error's type and code — never its text, which may echo the credential.
std::string provider_error(unsigned status, std::string_view body);

// unavailable unless every call the model made has a name and arguments that are a JSON object
// (empty arguments read as {}); calls without an id are given one.
Result<void> check_tool_calls(std::vector<ToolCall>& calls);

// Estimated tokens of `bytes` of text, for providers that report no usage.
std::int64_t estimate_tokens(std::size_t bytes);

}  // namespace agentry::runtime
