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

#include <chrono>

#include "core/url.hpp"
#include "http/address_policy.hpp"
#include "runtime/idle_connections.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

struct HttpClient::Tls {
  asio::ssl::context context{asio::ssl::context::tls_client};
};

HttpClient::HttpClient(std::string ca_file) : ca_file_(std::move(ca_file)) {}

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
  std::uint16_t port = 0;
  std::string host_header;  // as the Host header wants it
  std::string path;         // path and query
};

Result<Target> parse_url(std::string_view text) {
  auto u = url::parse_http(text);
  if (!u) return u.error();
  return Target{u->tls, std::move(u->host), u->port, std::move(u->host_header),
                std::move(u->target)};
}

Error unavailable(std::string message) {
  return make_error(Errc::unavailable, std::move(message));
}

// The addresses of `t`: an address as it is (the resolver's own thread would cost two thread
// switches for nothing), a name resolved within the deadline.
asio::awaitable<Result<std::vector<tcp::endpoint>>> addresses_of(
    const Target& t, std::chrono::steady_clock::time_point deadline) {
  boost::system::error_code literal;
  const auto address = asio::ip::make_address(t.host, literal);
  if (!literal) {
    co_return std::vector<tcp::endpoint>{tcp::endpoint(address, t.port)};
  }
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  asio::steady_timer timer(executor, deadline);
  auto resolved = co_await (
      resolver.async_resolve(t.host, std::to_string(t.port), asio::as_tuple(asio::use_awaitable)) ||
      timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (resolved.index() == 1) co_return unavailable("resolving " + t.host + " timed out");
  auto [ec, results] = std::get<0>(resolved);
  if (ec) co_return unavailable("resolving " + t.host + " failed: " + ec.message());
  std::vector<tcp::endpoint> out;
  for (const auto& entry : results) out.push_back(entry.endpoint());
  co_return out;
}

// The addresses of `t` the options allow.
asio::awaitable<Result<std::vector<tcp::endpoint>>> resolve(
    const Target& t, const OutboundOptions& o, std::chrono::steady_clock::time_point deadline) {
  auto resolved = co_await addresses_of(t, deadline);
  if (!resolved) co_return resolved.error();
  std::vector<tcp::endpoint> allowed;
  std::optional<http::AddressKind> refused;
  for (const auto& endpoint : *resolved) {
    const auto address = endpoint.address();
    const bool loopback_ok = o.allow_loopback_http && address.is_loopback();
    if (!o.guarded || loopback_ok || (t.tls && http::may_call(address))) {
      allowed.push_back(endpoint);
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

using Request = bhttp::request<bhttp::string_body>;

Request wire_request(const Target& t, OutboundRequest& request) {
  Request req{bhttp::string_to_verb(request.method), t.path, 11};
  req.set(bhttp::field::host, t.host_header);
  req.set(bhttp::field::user_agent, "agentry");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = std::move(request.body);
  req.prepare_payload();
  return req;
}

// How far an exchange got.
struct Progress {
  bool answered = false;  // the answer's head arrived
  bool reusable = false;  // the whole answer was read and the connection may carry another
};

template <class Stream>
asio::awaitable<Result<OutboundResponse>> exchange(Stream& stream, const Request& req,
                                                   const OutboundOptions& o, BodySink& on_body,
                                                   Progress& progress) {
  co_await bhttp::async_write(stream, req, asio::use_awaitable);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(max_response_header_bytes);
  parser.body_limit(o.max_response_bytes);
  co_await bhttp::async_read_header(stream, buffer, parser, asio::use_awaitable);
  progress.answered = true;
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
  progress.reusable = parser.get().keep_alive() && !parser.get().need_eof() && buffer.size() == 0;
  co_return out;
}

// The errors of a connection that the peer closed while it sat idle.
bool closed_by_peer(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
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
  auto& idle = asio::use_service<IdleConnections>(asio::query(executor, asio::execution::context));
  const std::string key = (target->tls ? "https://" : "http://") + target->host_header;
  const Request req = wire_request(*target, request);
  // A kept connection first; if its peer closed it before answering, once more on a new one.
  for (bool reuse = true;; reuse = false) {
    std::unique_ptr<Connection> c =
        reuse ? idle.take(key, *endpoints, IdleConnections::Clock::now()) : nullptr;
    const bool reused = c != nullptr;
    Progress progress;
    try {
      if (!c) {
        c = std::make_unique<Connection>();
        if (target->tls) {
          c->secure.emplace(executor, tls().context);
        } else {
          c->plain.emplace(executor);
        }
        c->lowest().expires_at(deadline);
        co_await c->lowest().async_connect(*endpoints, asio::use_awaitable);
        c->lowest().socket().set_option(tcp::no_delay(true));
        if (c->secure) {
          if (!SSL_set_tlsext_host_name(c->secure->native_handle(), target->host.c_str())) {
            co_return unavailable("TLS: the host name is not usable for SNI");
          }
          c->secure->set_verify_callback(asio::ssl::host_name_verification(target->host));
          co_await c->secure->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
        }
      }
      c->lowest().expires_at(deadline);
      Result<OutboundResponse> out = make_error(Errc::unavailable, "no answer");
      if (c->secure) {
        out = co_await exchange(*c->secure, req, options, on_body, progress);
      } else {
        out = co_await exchange(*c->plain, req, options, on_body, progress);
      }
      if (progress.reusable) idle.keep(key, std::move(c), IdleConnections::Clock::now());
      co_return out;
    } catch (const boost::system::system_error& e) {
      if (e.code() == asio::error::operation_aborted) throw;  // cancelled: the caller moved on
      if (!(reused && !progress.answered && closed_by_peer(e.code()))) {
        co_return unavailable(target->host + ": " + describe(e.code(), options));
      }
    }
  }
}

}  // namespace agentry::runtime
