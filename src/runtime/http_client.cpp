#include "runtime/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include <chrono>

#include "http/address_policy.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

struct HttpClient::Tls {
  asio::ssl::context context{asio::ssl::context::tls_client};
};

HttpClient::HttpClient(const std::string& ca_file) : ca_file_(ca_file) {}

HttpClient::Tls& HttpClient::tls() {
  std::call_once(tls_once_, [this] {
    auto tls = std::make_unique<Tls>();
    tls->context.set_verify_mode(asio::ssl::verify_peer);
    if (ca_file_.empty()) {
      tls->context.set_default_verify_paths();
    } else {
      tls->context.load_verify_file(ca_file_);
    }
    tls_ = std::move(tls);
  });
  return *tls_;
}

HttpClient::~HttpClient() = default;

namespace {

constexpr std::uint32_t max_response_header_bytes = 16 * 1024;

struct Target {
  bool tls = false;
  std::string host;  // a name or an address, without brackets
  std::string port;
  std::string host_header;  // as the Host header wants it
  std::string path;         // path and query
};

Result<Target> parse_url(std::string_view url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return make_error(Errc::validation_error, "not an absolute URL");
  Target t;
  if (u->scheme() == "https") {
    t.tls = true;
  } else if (u->scheme() != "http") {
    return make_error(Errc::validation_error, "the URL's scheme must be http or https");
  }
  if (u->has_userinfo()) {
    return make_error(Errc::validation_error, "the URL may not carry credentials");
  }
  t.host = u->host_address();
  if (t.host.empty()) return make_error(Errc::validation_error, "the URL has no host");
  t.port = u->has_port() ? std::string(u->port()) : (t.tls ? "443" : "80");
  t.host_header = std::string(u->encoded_host_and_port());
  t.path = u->encoded_path().empty() ? "/" : std::string(u->encoded_path());
  if (u->has_query()) t.path += "?" + std::string(u->encoded_query());
  return t;
}

Error unavailable(std::string message) {
  return make_error(Errc::unavailable, std::move(message));
}

// The addresses of `t` the options allow, resolved within the deadline.
asio::awaitable<Result<std::vector<tcp::endpoint>>> resolve(
    const Target& t, const OutboundOptions& o, std::chrono::steady_clock::time_point deadline) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  asio::steady_timer timer(executor, deadline);
  auto resolved =
      co_await (resolver.async_resolve(t.host, t.port, asio::as_tuple(asio::use_awaitable)) ||
                timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (resolved.index() == 1) co_return unavailable("resolving " + t.host + " timed out");
  auto [ec, results] = std::get<0>(resolved);
  if (ec) co_return unavailable("resolving " + t.host + " failed: " + ec.message());
  std::vector<tcp::endpoint> allowed;
  std::optional<http::AddressKind> refused;
  for (const auto& entry : results) {
    const auto address = entry.endpoint().address();
    const bool loopback_ok = o.allow_loopback_http && address.is_loopback();
    if (!o.guarded || loopback_ok || (t.tls && http::may_call(address))) {
      allowed.push_back(entry.endpoint());
    } else {
      refused = http::classify(address);
    }
  }
  if (allowed.empty()) {
    co_return make_error(Errc::forbidden,
                         t.host + " resolves to " +
                             (refused ? std::string(http::to_string(*refused)) : "no") +
                             " address, which agentry does not call");
  }
  co_return allowed;
}

template <class Stream>
asio::awaitable<Result<OutboundResponse>> exchange(Stream& stream, const Target& t,
                                                   OutboundRequest& request,
                                                   const OutboundOptions& o, BodySink& on_body) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(request.method), t.path, 11};
  req.set(bhttp::field::host, t.host_header);
  req.set(bhttp::field::user_agent, "agentry");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = std::move(request.body);
  req.prepare_payload();
  co_await bhttp::async_write(stream, req, asio::use_awaitable);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(max_response_header_bytes);
  parser.body_limit(o.max_response_bytes);
  co_await bhttp::async_read_header(stream, buffer, parser, asio::use_awaitable);
  OutboundResponse out{parser.get().result_int(),
                       std::string(parser.get()[bhttp::field::content_type])};
  while (!parser.is_done()) {
    co_await bhttp::async_read_some(stream, buffer, parser, asio::use_awaitable);
    // The parser appends to the body; what was passed on is dropped, so memory stays bounded
    // by one read however long the answer streams.
    std::string& body = parser.get().body();
    if (body.empty()) continue;
    auto accepted = on_body(out, body);
    body.clear();
    if (!accepted) co_return accepted.error();
  }
  co_return out;
}

std::string describe(const boost::system::error_code& ec, const OutboundOptions& o) {
  if (ec == beast::error::timeout) {
    return "no complete answer within " + std::to_string(o.timeout_ms) + " ms";
  }
  if (ec == bhttp::error::body_limit) {
    return "the answer passed " + std::to_string(o.max_response_bytes) + " bytes";
  }
  if (ec == bhttp::error::header_limit) return "the answer's headers are too large";
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == asio::error::eof) {
    return "the connection closed before the answer was complete";
  }
  return ec.message();
}

}  // namespace

asio::awaitable<Result<OutboundResponse>> HttpClient::send(OutboundRequest request,
                                                           OutboundOptions options,
                                                           BodySink on_body) {
  auto target = parse_url(request.url);
  if (!target) co_return target.error();
  if (options.guarded && !target->tls && !options.allow_loopback_http) {
    co_return make_error(Errc::validation_error, "the URL must use https");
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.timeout_ms);
  auto endpoints = co_await resolve(*target, options, deadline);
  if (!endpoints) co_return endpoints.error();
  auto executor = co_await asio::this_coro::executor;
  try {
    if (target->tls) {
      beast::ssl_stream<beast::tcp_stream> stream(executor, tls().context);
      auto& tcp_layer = beast::get_lowest_layer(stream);
      tcp_layer.expires_at(deadline);
      co_await tcp_layer.async_connect(*endpoints, asio::use_awaitable);
      if (!SSL_set_tlsext_host_name(stream.native_handle(), target->host.c_str())) {
        co_return unavailable("TLS: the host name is not usable for SNI");
      }
      stream.set_verify_callback(asio::ssl::host_name_verification(target->host));
      co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
      co_return co_await exchange(stream, *target, request, options, on_body);
    }
    beast::tcp_stream stream(executor);
    stream.expires_at(deadline);
    co_await stream.async_connect(*endpoints, asio::use_awaitable);
    co_return co_await exchange(stream, *target, request, options, on_body);
  } catch (const boost::system::system_error& e) {
    if (e.code() == asio::error::operation_aborted) throw;  // cancelled: the caller moved on
    co_return unavailable(target->host + ": " + describe(e.code(), options));
  }
}

}  // namespace agentry::runtime
