#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

// agentry's outbound HTTP/1.1 client (plain or TLS), for LLM providers and, guarded, for the
// URLs users give it (remote agents).
namespace agentry::runtime {

struct OutboundRequest {
  std::string method = "POST";
  std::string url;  // http:// or https://
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct OutboundOptions {
  std::int64_t timeout_ms = 60'000;  // for the whole exchange, connection to last byte
  std::size_t max_response_bytes = std::size_t{8} * 1024 * 1024;
  // For user-given URLs (DESIGN.md "Identity and security"): https only; every resolved address
  // must be public unicast (http::may_call) and the connection goes to the checked address.
  bool guarded = false;
  // With `guarded`: also allow http:// to loopback addresses (a test and development setting).
  bool allow_loopback_http = false;
};

struct OutboundResponse {
  unsigned status = 0;
  std::string content_type;
};

// Receives the response body piece by piece as it arrives, with the response's head; an error
// stops the exchange.
using BodySink = std::function<Result<void>(const OutboundResponse& head, std::string_view bytes)>;

class HttpClient {
 public:
  // `ca_file`: trust these certificates instead of the system's (for private CAs and tests).
  explicit HttpClient(std::string ca_file = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and passes the body of the answer to `on_body` as it streams in, whatever
  // its status; redirects are not followed. Errors: validation_error (a malformed URL, or a
  // scheme the options refuse), forbidden (a guarded URL that resolves to an address it may not
  // call), unavailable (resolution, connection, TLS, timeout, an answer too large or broken;
  // the message says which, never the request's headers). Cancelling the awaiting coroutine
  // closes the connection. A connection whose answer was read to its end is kept open for the
  // next call to the same host from the same I/O thread (IdleConnections); a kept one that the
  // peer cut as the request went out is replaced once by a new one.
  boost::asio::awaitable<Result<OutboundResponse>> send(OutboundRequest request,
                                                        OutboundOptions options, BodySink on_body);

 private:
  struct Tls;
  // The TLS context is made on the first https call: loading it costs memory that a server
  // without https outbound calls need not spend.
  Tls& tls();

  std::string ca_file_;
  std::once_flag tls_once_;
  std::unique_ptr<Tls> tls_;
};

}  // namespace agentry::runtime
