#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/json_escape.hpp"
#include "http/incoming.hpp"
#include "http/request_checks.hpp"

namespace agentry::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

namespace {

// A limit in the unit it was set in: 1048576 is "1 MiB", 16384 "16 KiB".
std::string size_text(std::size_t bytes) {
  constexpr std::size_t mib = std::size_t{1024} * 1024;
  if (bytes % mib == 0) return std::to_string(bytes / mib) + " MiB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

constexpr auto as_tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// One live connection, as the server sees it for draining.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  // Between reading a request's first byte and writing its response. Touched only on the
  // connection's own io_context thread (shutdown posts there to read it), so it needs no lock.
  bool busy = false;
  // What a streamed response asked to be called when it should end (StreamSink::on_closing);
  // on the connection's thread, like `busy`.
  std::function<void()> closing_wake;
};

// Reads the rest of a request's body with Beast's parser, checking before each wait for more
// input that a chunked body is not stuck on a chunk header it already holds whole (Beast's
// malformed-extension stall, request_checks.hpp): that body is refused now, not when its time
// runs out.
asio::awaitable<beast::error_code> read_body(Connection& c, beast::flat_buffer& buffer,
                                             bhttp::request_parser<bhttp::string_body>& parser) {
  parser.eager(true);
  beast::error_code ec;
  while (!parser.is_done()) {
    if (buffer.size() > 0) {
      buffer.consume(parser.put(buffer.data(), ec));
      if (ec == bhttp::error::need_more) ec = {};
      if (ec || parser.is_done()) break;
      const std::string_view pending(static_cast<const char*>(buffer.data().data()), buffer.size());
      if (parser.chunked() && chunk_header_stalled(pending)) {
        co_return beast::error_code(bhttp::error::bad_chunk_extension);
      }
    }
    std::size_t n = 0;
    std::tie(ec, n) = co_await bhttp::async_read_some(c.stream, buffer, parser, as_tuple_awaitable);
    if (ec) break;
  }
  co_return ec;
}

// The whole response as bytes, written in one gather-free send. Building it here is several times
// cheaper than Beast's serializer, whose buffer-sequence machinery dominated the write path.
// A streamed response gets its headers and its first piece, if any (one chunk of chunked transfer
// on HTTP/1.1; the caller closes an HTTP/1.0 connection after the stream instead).
// A response to HEAD has the headers the GET would have, and no body.
std::string serialize(Response&& in, unsigned version, bool keep_alive, std::string_view request_id,
                      bool streamed = false, bool head = false) {
  std::string out;
  out.reserve(256 + in.body.size());
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(in.status);
  out += ' ';
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(in.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: agentry\r\n";
  auto header = [&out](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    for (char c : value) {
      if (c != '\r' && c != '\n') out += c;  // a header value never ends the header block
    }
    out += "\r\n";
  };
  const bool has_body = in.status != 204 && in.status != 304 && in.status >= 200;
  if (has_body) header("Content-Type", in.content_type);
  header("X-Request-Id", request_id);
  for (const ResponseHeader& h : in.headers) header(h.name, h.value);
  if (version == 10 && keep_alive) header("Connection", "keep-alive");
  if (version != 10 && !keep_alive) header("Connection", "close");
  if (streamed) {
    if (version != 10) header("Transfer-Encoding", "chunked");
  } else if (has_body) {
    header("Content-Length", std::to_string(in.body.size()));
  }
  out += "\r\n";
  if (head) return out;
  if (streamed && version != 10 && !in.body.empty()) {
    std::array<char, 20> size{};
    const int n = std::snprintf(size.data(), size.size(), "%zx\r\n", in.body.size());
    out.append(size.data(), static_cast<std::size_t>(n));
    out += in.body;
    out += "\r\n";
  } else if (has_body) {
    out += in.body;
  }
  return out;
}

// Opens, binds and listens; std::runtime_error with one plain sentence when it cannot (Boost's
// own message names a header file and a line).
void open_listening(tcp::acceptor& acceptor, const std::string& host, std::uint16_t port) {
  const std::string where = host + ":" + std::to_string(port);
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": not an IP address");
  const tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) return;
  std::string why = ec.message();
  if (ec == asio::error::address_in_use) why = "the address is already in use";
  if (ec == asio::error::access_denied) why = "permission denied (ports below 1024 need privilege)";
  if (ec == std::errc::address_not_available) {
    why = "no interface of this machine has the address";
  }
  throw std::runtime_error("cannot listen on " + where + ": " + why);
}

}  // namespace

void check_can_listen(const std::string& host, std::uint16_t port) {
  if (port == 0) return;
  asio::io_context io;
  tcp::acceptor probe(io);
  open_listening(probe, host, port);
}

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(IoPool& io_pool, ServerOptions opts, Handler h, Logger& access, Logger& errors)
      : pool(io_pool),
        options(std::move(opts)),
        handler(std::move(h)),
        access_log(access),
        error_log(errors),
        acceptor(io_pool.context(0)) {}

  IoPool& pool;
  ServerOptions options;
  Handler handler;
  Logger& access_log;
  Logger& error_log;
  tcp::acceptor acceptor;
  SystemClock clock;

  std::atomic<bool> shutting_down{false};
  std::mutex mutex;  // guards the members below
  std::set<std::shared_ptr<Connection>> connections;
  std::function<void()> on_drained;

  void start() {
    open_listening(acceptor, options.host, options.port);
    asio::co_spawn(acceptor.get_executor(), accept_loop(shared_from_this()),
                   [this](const std::exception_ptr& e) { log_exception(e, "accept loop"); });
  }

  void log_exception(const std::exception_ptr& e, std::string_view where) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      error_log.log("error", std::string(where) + ": " + ex.what());
    } catch (...) {
      error_log.log("error", std::string(where) + ": an exception of unknown type");
    }
  }

  static asio::awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
    for (;;) {
      auto [ec, socket] =
          co_await self->acceptor.async_accept(self->pool.next(), as_tuple_awaitable);
      if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) co_return;
      if (ec) {
        // E.g. too many open files: keep serving the connections we have, and back off instead
        // of spinning on an accept that keeps failing.
        asio::steady_timer pause(self->acceptor.get_executor(), std::chrono::milliseconds(50));
        co_await pause.async_wait(as_tuple_awaitable);
        continue;
      }
      // Responses go out in few writes, and a stream's events must leave as they are written,
      // not wait for the client's acknowledgement of the previous one.
      beast::error_code ignored_nodelay;
      socket.set_option(tcp::no_delay(true), ignored_nodelay);
      auto connection = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lock(self->mutex);
        if (self->shutting_down || self->connections.size() >= self->options.max_connections) {
          beast::error_code ignored;
          connection->stream.socket().close(ignored);
          continue;
        }
        self->connections.insert(connection);
      }
      auto executor = connection->stream.get_executor();
      asio::co_spawn(executor, serve(self, connection),
                     [self, connection](const std::exception_ptr& e) {
                       self->log_exception(e, "connection");
                       self->forget(connection);
                     });
    }
  }

  void forget(const std::shared_ptr<Connection>& connection) {
    std::function<void()> drained;
    {
      std::lock_guard lock(mutex);
      connections.erase(connection);
      if (shutting_down && connections.empty() && on_drained) drained = std::move(on_drained);
    }
    if (drained) drained();
  }

  // What the access log records of one exchange.
  struct Exchange {
    std::string request_id;
    std::string method = "-";
    std::string path = "-";
    std::string remote;
    std::string account_id;
    std::string traceparent;  // the client's W3C trace context, when well formed
    unsigned status = 0;
    std::size_t bytes_in = 0;
    std::size_t bytes_out = 0;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  };

  void write_access_log(const Exchange& x) {
    if (!access_log.enabled()) return;
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - x.started)
                             .count();
    // Written by hand: one line per request is on the hot path.
    std::string line;
    line.reserve(256);
    line += R"({"ts":")";
    const Rfc3339Chars ts = rfc3339_chars(clock.now_ms());
    line.append(ts.data(), ts.size());
    line += R"(","level":"info","msg":"request","requestId":")";
    line += x.request_id;
    line += R"(","method":)";
    append_json_string(line, x.method);
    line += R"(,"path":)";
    append_json_string(line, x.path);
    line += R"(,"status":)";
    line += std::to_string(x.status);
    line += R"(,"durationMs":)";
    line += std::to_string(elapsed / 1000);
    line += '.';
    const std::string micros = std::to_string(elapsed % 1000);
    line.append(3 - micros.size(), '0');
    line += micros;
    line += R"(,"bytesIn":)";
    line += std::to_string(x.bytes_in);
    line += R"(,"bytesOut":)";
    line += std::to_string(x.bytes_out);
    line += R"(,"remote":)";
    append_json_string(line, x.remote);
    if (!x.account_id.empty()) {
      line += R"(,"accountId":)";
      append_json_string(line, x.account_id);
    }
    if (!x.traceparent.empty()) {
      line += R"(,"traceparent":")";
      line += x.traceparent;  // checked: hex digits and dashes only
      line += '"';
    }
    line += '}';
    access_log.write_line(line);
  }

  // The body of a streamed response: one chunk per write on HTTP/1.1, the bare bytes on 1.0.
  // A client of a stream sends nothing more, so a read pending on the socket completes only when
  // the client goes away: that ends the stream at its next look at closing(), instead of at its
  // next write, which may be long in coming.
  struct ChunkSink final : StreamSink {
    ChunkSink(std::shared_ptr<Connection> connection, Impl& server, bool chunked)
        : conn(std::move(connection)), impl(server), chunked_(chunked) {
      asio::co_spawn(
          conn->stream.get_executor(),
          [c = conn, gone = gone]() -> asio::awaitable<void> {
            char byte = 0;
            co_await c->stream.socket().async_read_some(asio::buffer(&byte, 1), as_tuple_awaitable);
            *gone = true;
            if (c->closing_wake) c->closing_wake();
          },
          asio::detached);
    }
    asio::awaitable<bool> write(std::string_view data) override {
      if (broken || data.empty()) co_return !broken;
      std::string frame;
      if (chunked_) {
        std::array<char, 20> size{};
        const int n = std::snprintf(size.data(), size.size(), "%zx\r\n", data.size());
        frame.append(size.data(), static_cast<std::size_t>(n));
      }
      frame += data;
      if (chunked_) frame += "\r\n";
      conn->stream.expires_after(milliseconds(impl.options.write_timeout_ms));
      auto [ec, n] =
          co_await asio::async_write(conn->stream, asio::buffer(frame), as_tuple_awaitable);
      broken = static_cast<bool>(ec);
      bytes += data.size();
      co_return !broken;
    }
    bool closing() const override { return impl.shutting_down || *gone; }
    void on_closing(std::function<void()> wake) override { conn->closing_wake = std::move(wake); }
    // The last chunk.
    asio::awaitable<bool> finish() {
      if (!chunked_) co_return true;
      static constexpr std::string_view last = "0\r\n\r\n";
      conn->stream.expires_after(milliseconds(impl.options.write_timeout_ms));
      auto [ec, n] =
          co_await asio::async_write(conn->stream, asio::buffer(last), as_tuple_awaitable);
      co_return !ec;
    }
    std::shared_ptr<Connection> conn;
    Impl& impl;
    bool chunked_;
    std::shared_ptr<std::atomic<bool>> gone = std::make_shared<std::atomic<bool>>(false);
    bool broken = false;
    std::size_t bytes = 0;
  };

  // Answers a request that could not be read whole (too large, malformed) and ends the connection.
  static asio::awaitable<void> refuse(std::shared_ptr<Impl> self, Connection& c, unsigned status,
                                      std::string_view code, std::string_view message) {
    Exchange x;
    x.request_id = new_request_id(self->clock.now_ms());
    x.status = status;
    Response response = error_response(status, code, message, x.request_id);
    x.bytes_out = response.body.size();
    const std::string out = serialize(std::move(response), 11, false, x.request_id);
    c.stream.expires_after(milliseconds(self->options.write_timeout_ms));
    auto [ec, n] = co_await asio::async_write(c.stream, asio::buffer(out), as_tuple_awaitable);
    self->write_access_log(x);
    if (!ec) co_await linger(c);
  }

  // A refused client may still be sending the request (a body over the limit is refused from its
  // Content-Length, before it arrives). Closing with its bytes unread makes the kernel answer with
  // a reset, which can reach the client before the response and take it away. So the response is
  // followed by the end of the server's side, and what the client still sends is read and dropped
  // until it closes too, for at most a few seconds and a few times the body limit.
  static asio::awaitable<void> linger(Connection& c) {
    constexpr std::int64_t linger_ms = 2'000;
    constexpr std::size_t linger_bytes = std::size_t{16} * 1024 * 1024;
    beast::error_code ignored;
    c.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    c.stream.expires_after(milliseconds(linger_ms));
    std::array<char, std::size_t{64} * 1024> scratch{};
    for (std::size_t dropped = 0; dropped < linger_bytes;) {
      auto [ec, n] = co_await c.stream.async_read_some(asio::buffer(scratch), as_tuple_awaitable);
      if (ec) break;
      dropped += n;
    }
  }

  // A request read whole, or nothing when the connection is to end (refused, gone, timed out).
  struct Incoming {
    std::optional<bhttp::request<bhttp::string_body>> message;
    std::chrono::steady_clock::time_point started;
  };

  // Reads the next request: its headers within the header timeout (the idle timeout between
  // requests), then its body within the body timeout. One that cannot be read whole is refused
  // with the status that says why, and the connection ends.
  static asio::awaitable<Incoming> read_request(std::shared_ptr<Impl> self, Connection& c,
                                                beast::flat_buffer& buffer, bool first) {
    const ServerOptions& o = self->options;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(o.max_header_bytes));
    parser.body_limit(o.max_body_bytes);
    const std::string too_large = "request body exceeds " + size_text(o.max_body_bytes);
    c.busy = false;
    c.stream.expires_after(milliseconds(first ? o.header_timeout_ms : o.idle_timeout_ms));
    auto [ec, n] = co_await bhttp::async_read_header(c.stream, buffer, parser, as_tuple_awaitable);
    c.busy = true;
    if (ec == bhttp::error::header_limit) {
      const std::string message = "request headers exceed " + size_text(o.max_header_bytes);
      co_await refuse(self, c, 431, "headers_too_large", message);
      co_return Incoming{};
    }
    if (ec == bhttp::error::body_limit) {
      co_await refuse(self, c, 413, "payload_too_large", too_large);
      co_return Incoming{};
    }
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      co_return Incoming{};
    }
    if (ec) {
      co_await refuse(self, c, 400, "bad_request", "malformed HTTP request");
      co_return Incoming{};
    }
    Incoming out{.started = std::chrono::steady_clock::now()};
    // RFC 9112 section 3.2: an HTTP/1.1 request without Host, or any with two, is a 400.
    const std::size_t hosts = parser.get().count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && parser.get().version() == 11)) {
      // Built before the co_await: GCC 12 mishandles a temporary of ?: inside one.
      const std::string message =
          hosts > 1 ? "a request has one Host header, not " + std::to_string(hosts)
                    : "an HTTP/1.1 request needs a Host header";
      co_await refuse(self, c, 400, "bad_request", message);
      co_return Incoming{};
    }
    if (parser.get()[bhttp::field::expect] == "100-continue") {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, parser.get().version()};
      c.stream.expires_after(milliseconds(o.write_timeout_ms));
      auto [wec, wn] = co_await bhttp::async_write(c.stream, cont, as_tuple_awaitable);
      if (wec) co_return Incoming{};
    }
    c.stream.expires_after(milliseconds(o.body_timeout_ms));
    ec = co_await read_body(c, buffer, parser);
    if (ec == bhttp::error::body_limit) {
      co_await refuse(self, c, 413, "payload_too_large", too_large);
      co_return Incoming{};
    }
    if (ec.category() == beast::error_code(bhttp::error::bad_chunk).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      const std::string message = "malformed request body: " + ec.message();
      co_await refuse(self, c, 400, "bad_request", message);
      co_return Incoming{};
    }
    if (ec) co_return Incoming{};  // timeout or a connection that went away mid-body
    out.message.emplace(parser.release());
    co_return out;
  }

  // The access log's record of a request, before it is answered.
  static Exchange exchange_of(const Request& request, bool head,
                              std::chrono::steady_clock::time_point started) {
    Exchange x;
    x.request_id = request.request_id;
    x.method = head ? "HEAD" : request.method;
    if (const auto trace = request.header("traceparent"); is_traceparent(trace)) {
      x.traceparent = std::string(trace);
    }
    x.path = request.path;
    x.remote = request.remote_address;
    x.bytes_in = request.body.size();
    x.started = started;
    return x;
  }

  // Sends a streamed response's body as chunks after its headers went out (without the last
  // chunk when it did not end cleanly: the client sees the body cut, not finished). Adds what it
  // sent to `x`.
  static asio::awaitable<void> send_stream(std::shared_ptr<Impl> self,
                                           std::shared_ptr<Connection> conn, StreamBody stream,
                                           bool chunked, Exchange& x) {
    ChunkSink sink(conn, *self, chunked);
    try {
      co_await stream(sink);
    } catch (const std::exception& e) {
      self->error_log.log("error", "stream " + x.request_id + ": " + e.what());
      sink.broken = true;  // no last chunk
    }
    conn->closing_wake = nullptr;
    if (!sink.broken) co_await sink.finish();
    x.bytes_out += sink.bytes;
  }

  // What answer() did: whether the connection may serve another request (not when the client
  // asked to close, a write failed, the server is shutting down, or a stream follows), the body
  // of a streamed response still to send, and the exchange for the access log.
  struct Answered {
    bool keep_alive = false;
    StreamBody stream;
    bool chunked = false;
    Exchange x;
  };

  // Hands a request to the handler and writes its answer — of a streamed response, the head: the
  // caller sends its body, so that none of this frame stays alive for as long as a stream lasts.
  static asio::awaitable<Answered> answer(std::shared_ptr<Impl> self,
                                          std::shared_ptr<Connection> conn,
                                          bhttp::request<bhttp::string_body> in,
                                          const std::string& remote,
                                          std::chrono::steady_clock::time_point started) {
    const ServerOptions& o = self->options;
    const unsigned version = in.version();
    bool keep_alive = in.keep_alive();
    const bool head = in.method() == bhttp::verb::head;
    Request request = to_request(std::move(in), self->clock.now_ms(), remote, o.trusted_proxies);
    Exchange x = exchange_of(request, head, started);
    Response response;
    try {
      response = co_await self->handler(std::move(request));
    } catch (const std::exception& e) {
      self->error_log.log("error", "request " + x.request_id + ": " + e.what());
      response =
          error_response(500, "internal_error", "an unexpected error occurred", x.request_id);
    }
    if (self->shutting_down) keep_alive = false;
    x.status = response.status;
    x.account_id = std::move(response.log_account_id);
    x.bytes_out = head ? 0 : response.body.size();
    auto stream = std::move(response.stream);
    if (head) stream = nullptr;  // a stream's headers only: its body is never started
    // The connection ends with a stream: its watch for the client's close holds a read on it.
    if (stream) keep_alive = false;
    const std::string out = serialize(std::move(response), version, keep_alive, x.request_id,
                                      static_cast<bool>(stream), head);
    conn->stream.expires_after(milliseconds(o.write_timeout_ms));
    auto [wec, written] =
        co_await asio::async_write(conn->stream, asio::buffer(out), as_tuple_awaitable);
    if (wec) co_return Answered{.x = std::move(x)};
    co_return Answered{.keep_alive = keep_alive,
                       .stream = std::move(stream),
                       .chunked = version != 10,
                       .x = std::move(x)};
  }

  // One connection: requests read and answered in turn until one ends it.
  static asio::awaitable<void> serve(std::shared_ptr<Impl> self, std::shared_ptr<Connection> conn) {
    Connection& c = *conn;
    beast::flat_buffer buffer;
    std::string remote;
    {
      beast::error_code ec;
      auto endpoint = c.stream.socket().remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    for (bool first = true; !self->shutting_down; first = false) {
      Incoming incoming = co_await read_request(self, c, buffer, first);
      if (!incoming.message) break;
      Answered answered =
          co_await answer(self, conn, std::move(*incoming.message), remote, incoming.started);
      if (answered.stream) {
        // A stream may last for hours and ends the connection: what read its request goes now.
        buffer.clear();
        buffer.shrink_to_fit();
        co_await send_stream(self, conn, std::move(answered.stream), answered.chunked, answered.x);
      }
      self->write_access_log(answered.x);
      if (!answered.keep_alive) break;
    }
    beast::error_code ignored;
    c.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    c.stream.socket().close(ignored);
  }

  void shutdown(std::function<void()> drained) {
    std::vector<std::shared_ptr<Connection>> idle;
    std::function<void()> drained_now;  // no connection is left: called before returning
    {
      std::lock_guard lock(mutex);
      shutting_down = true;
      for (const auto& c : connections) idle.push_back(c);
      if (connections.empty()) {
        drained_now = std::move(drained);
      } else {
        on_drained = std::move(drained);
      }
    }
    asio::post(acceptor.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor.close(ignored);
    });
    // Idle connections are waiting for a next request that will never be served: end the wait.
    for (const auto& c : idle) {
      asio::post(c->stream.get_executor(), [c] {
        if (!c->busy) c->stream.cancel();
        if (c->closing_wake) c->closing_wake();
      });
    }
    if (drained_now) drained_now();
  }
};

Server::Server(IoPool& pool, ServerOptions options, Handler handler, Logger& access_log,
               Logger& error_log)
    : impl_(std::make_shared<Impl>(pool, std::move(options), std::move(handler), access_log,
                                   error_log)) {}

Server::~Server() = default;

void Server::start() {
  impl_->start();
}

std::uint16_t Server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void Server::shutdown(std::function<void()> on_drained) {
  impl_->shutdown(std::move(on_drained));
}

}  // namespace agentry::http
