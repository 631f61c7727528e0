#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agentry::http {

struct Header {
  std::string name;  // lowercase in requests; as the handler spelled it in responses
  std::string value;
};

// ASCII case-insensitive equality, for header names.
bool iequals(std::string_view a, std::string_view b);

// An HTTP request as the layers above the server see it: no Beast types.
struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string path;    // the target's path, still percent-encoded
  std::string query;   // the target's query without '?', still percent-encoded
  std::vector<Header> headers;
  std::string body;
  std::string request_id;
  std::string remote_address;
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router

  // The first header called `lowercase_name`, or "" when absent.
  std::string_view header(std::string_view lowercase_name) const;
  // A path parameter captured by the router ("" when absent).
  std::string_view path_param(std::string_view name) const;
};

// A response header. Names are string literals of our own code (static storage), so only values
// are allocated.
struct ResponseHeader {
  std::string_view name;
  std::string value;
};

// Where a streamed response's body goes, piece by piece (Server-Sent Events, for one).
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Sends `data` at once. False when the client has gone or the write timed out: stop then.
  virtual boost::asio::awaitable<bool> write(std::string_view data) = 0;
  // True once the server is shutting down or the client has gone: finish promptly.
  virtual bool closing() const = 0;
  // Calls `wake` (on the stream's executor) when closing() turns true, so that a stream waiting
  // for news hears of it then rather than at its next look. One callback per stream.
  virtual void on_closing(std::function<void()> wake) = 0;
};

// Writes a streamed response's body into its sink until the stream ends.
using StreamBody = std::function<boost::asio::awaitable<void>(StreamSink&)>;

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::vector<ResponseHeader> headers;
  std::string body;
  // The authenticated account, for the access log only; never sent.
  std::string log_account_id;
  // When set, the headers go out at once with `body` as the stream's first piece, and this
  // writes the rest as it comes (chunked on HTTP/1.1). It runs on the connection's executor after
  // the handler has returned, so it owns whatever it uses.
  StreamBody stream;

  // Replaces any header called `name` (compared case-insensitively); sent as spelled here.
  // `name` must outlive the response: pass a string literal.
  void set_header(std::string_view name, std::string value);
  std::string_view header(std::string_view name) const;
};

// Decodes %XX escapes and, when `plus_is_space`, '+' as a space. Empty when an escape is invalid.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The decoded values of a query string, in order.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// The error envelope every surface of agentry answers with:
// {"error":{"code","message","statusCode","requestId"[,"field"][,"currentState"]}}.
Response error_response(unsigned status, std::string_view code, std::string_view message,
                        std::string_view request_id, std::string_view field = {},
                        std::string_view current_state = {});

}  // namespace agentry::http
