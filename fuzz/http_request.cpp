// The HTTP message layer as the server runs it on a connection's bytes: Beast's parser with the
// server's limits, the check for a chunked body stuck on a chunk header, the conversion into our
// Request (headers, X-Request-Id, X-Forwarded-For behind a trusted proxy) and routing.
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/limits.hpp"
#include "http/incoming.hpp"
#include "http/request_checks.hpp"
#include "http/router.hpp"

namespace {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using namespace agentry;

const http::Router& router() {
  static const http::Router r = [] {
    http::Router out;
    std::size_t id = 0;
    for (const char* pattern :
         {"/v1/agents", "/v1/agents/{id}", "/v1/agents/{id}/chat", "/v1/runs/{id}/events",
          "/v1/tasks/{id}/accept", "/v1/account/secrets/{name}", "/healthz"}) {
      out.add("GET", pattern, id++);
      out.add("POST", pattern, id++);
    }
    return out;
  }();
  return r;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const http::TrustedProxies trusted = http::TrustedProxies::parse("127.0.0.1, 10.0.0.0/8");
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits::max_header_bytes));
  parser.body_limit(limits::max_body_bytes);
  parser.eager(true);
  // In two pieces, as a connection delivers them: the parser keeps what it has not used.
  std::size_t offset = 0;
  const std::size_t first = size / 2;
  for (std::size_t end : {first, size}) {
    std::string_view piece = bytes.substr(offset, end - offset);
    while (!piece.empty() && !parser.is_done()) {
      beast::error_code ec;
      const std::size_t used = parser.put(boost::asio::buffer(piece.data(), piece.size()), ec);
      if (ec == bhttp::error::need_more) break;
      if (ec) return 0;
      piece.remove_prefix(used);
      offset += used;
      if (parser.is_header_done() && parser.chunked() && http::chunk_header_stalled(piece))
        return 0;
      if (used == 0) break;
    }
  }
  if (!parser.is_done()) return 0;
  http::Request request =
      http::to_request(parser.release(), 1'700'000'000'000, "127.0.0.1", trusted);
  (void)http::is_traceparent(request.header("traceparent"));
  (void)router().match(request.method, request.path);
  return 0;
}
