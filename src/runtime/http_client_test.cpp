#include "runtime/http_client.hpp"

#include <gtest/gtest.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// The outbound client against a loopback server that answers each request with canned bytes:
// what goes out, what comes back in pieces, the limits, the guard and kept connections.
namespace agentry::runtime {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// Answers every request on every connection with `reply(request)` (raw HTTP bytes; empty: say
// nothing and hold the connection), recording the requests and counting connections.
class LoopbackServer {
 public:
  using Reply = std::function<std::string(const beast::http::request<beast::http::string_body>&)>;

  LoopbackServer(asio::io_context& io, Reply reply)
      : acceptor_(io, {asio::ip::make_address("127.0.0.1"), 0}), reply_(std::move(reply)) {
    asio::co_spawn(io, accept(), [](const std::exception_ptr&) {});
  }
  std::string url(const std::string& path = "/x") const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
  }
  void close() {
    acceptor_.close();
    for (auto& s : sockets_) s->close();
  }

  int connections = 0;
  std::vector<beast::http::request<beast::http::string_body>> requests;

 private:
  asio::awaitable<void> accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      ++connections;
      auto held = std::make_shared<tcp::socket>(std::move(socket));
      sockets_.push_back(held);
      asio::co_spawn(acceptor_.get_executor(), serve(held), [](const std::exception_ptr&) {});
    }
  }
  asio::awaitable<void> serve(std::shared_ptr<tcp::socket> socket) {
    beast::flat_buffer buffer;
    for (;;) {
      beast::http::request<beast::http::string_body> request;
      auto [ec, n] = co_await beast::http::async_read(*socket, buffer, request,
                                                      asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      requests.push_back(request);
      const std::string out = reply_(request);
      if (out.empty()) co_return;  // silent: the socket stays open in sockets_
      auto [wec, wn] = co_await asio::async_write(*socket, asio::buffer(out),
                                                  asio::as_tuple(asio::use_awaitable));
      if (wec) co_return;
    }
  }

  tcp::acceptor acceptor_;
  Reply reply_;
  std::vector<std::shared_ptr<tcp::socket>> sockets_;
};

std::string ok(const std::string& body, const std::string& type = "application/json") {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

struct Call {
  Result<OutboundResponse> result = make_error(Errc::unavailable, "not called");
  std::string body;
  int pieces = 0;
};

// Sends `request` with `options` on `io` and runs until the call ends; `server` (if any) is
// closed then.
Call send(asio::io_context& io, HttpClient& client, OutboundRequest request,
          OutboundOptions options, LoopbackServer* server = nullptr) {
  Call out;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        out.result = co_await client.send(
            std::move(request), options,
            [&out](const OutboundResponse&, std::string_view bytes) -> Result<void> {
              out.body.append(bytes);
              ++out.pieces;
              return {};
            });
        if (server) server->close();
        io.stop();  // the server's work stays queued for the next call
      },
      [](const std::exception_ptr& e) {
        if (e) std::rethrow_exception(e);
      });
  io.restart();
  io.run();
  return out;
}

TEST(HttpClientTest, SendsTheRequestAndPassesTheAnswerOnWithItsStatusAndType) {
  asio::io_context io;
  LoopbackServer server(io, [](const auto&) { return ok(R"({"ok":true})"); });
  HttpClient client;
  OutboundRequest request{.method = "POST",
                          .url = server.url("/v1/chat?x=1"),
                          .headers = {{"Authorization", "Bearer sk-test"}},
                          .body = R"({"q":1})"};
  Call call = send(io, client, request, {}, &server);
  ASSERT_TRUE(call.result) << call.result.error().message;
  EXPECT_EQ(call.result->status, 200U);
  EXPECT_EQ(call.result->content_type, "application/json");
  EXPECT_EQ(call.body, R"({"ok":true})");
  ASSERT_EQ(server.requests.size(), 1U);
  EXPECT_EQ(server.requests[0].target(), "/v1/chat?x=1");
  EXPECT_EQ(server.requests[0][beast::http::field::authorization], "Bearer sk-test");
  EXPECT_EQ(server.requests[0].body(), R"({"q":1})");
}

TEST(HttpClientTest, DecodesAChunkedAnswerAndDoesNotFollowARedirect) {
  asio::io_context io;
  LoopbackServer server(io, [](const auto& request) -> std::string {
    if (request.target() == "/moved") {
      return "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\nContent-Length: 0\r\n\r\n";
    }
    return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: "
           "chunked\r\n\r\n"
           "6\r\ndata: \r\n3\r\nhi\n\r\n0\r\n\r\n";
  });
  HttpClient client;
  Call chunked = send(io, client, {.method = "GET", .url = server.url("/stream")}, {});
  ASSERT_TRUE(chunked.result) << chunked.result.error().message;
  EXPECT_EQ(chunked.body, "data: hi\n");
  Call moved = send(io, client, {.method = "GET", .url = server.url("/moved")}, {}, &server);
  ASSERT_TRUE(moved.result);
  EXPECT_EQ(moved.result->status, 302U) << "a redirect is answered, not followed";
  EXPECT_EQ(server.requests.size(), 2U);
}

TEST(HttpClientTest, KeepsAConnectionThatWasReadToItsEndForTheNextCall) {
  asio::io_context io;
  LoopbackServer server(io, [](const auto&) { return ok("{}"); });
  HttpClient client;
  for (int i = 0; i < 3; ++i) {
    Call call =
        send(io, client, {.method = "GET", .url = server.url()}, {}, i == 2 ? &server : nullptr);
    ASSERT_TRUE(call.result) << call.result.error().message;
  }
  EXPECT_EQ(server.requests.size(), 3U);
  EXPECT_EQ(server.connections, 1) << "one connection served the three calls";
}

TEST(HttpClientTest, AnAnswerPastItsSizeLimitIsRefused) {
  asio::io_context io;
  LoopbackServer server(io, [](const auto&) { return ok(std::string(4096, 'x')); });
  HttpClient client;
  Call call = send(io, client, {.method = "GET", .url = server.url()}, {.max_response_bytes = 1024},
                   &server);
  ASSERT_FALSE(call.result);
  EXPECT_EQ(call.result.error().code, Errc::unavailable);
}

TEST(HttpClientTest, APeerThatNeverAnswersTimesOut) {
  asio::io_context io;
  LoopbackServer server(io, [](const auto&) { return std::string(); });
  HttpClient client;
  Call call =
      send(io, client, {.method = "GET", .url = server.url()}, {.timeout_ms = 200}, &server);
  ASSERT_FALSE(call.result);
  EXPECT_EQ(call.result.error().code, Errc::unavailable);
  EXPECT_EQ(server.requests.size(), 1U) << "the request went out; its answer never came";
}

TEST(HttpClientTest, AGuardedCallGoesOnlyToPublicAddressesOverHttps) {
  asio::io_context io;
  HttpClient client;
  Call plain = send(io, client, {.method = "GET", .url = "http://example.com/"}, {.guarded = true});
  ASSERT_FALSE(plain.result);
  EXPECT_EQ(plain.result.error().code, Errc::validation_error) << "guarded: https only";
  Call loopback =
      send(io, client, {.method = "GET", .url = "https://127.0.0.1:9/"}, {.guarded = true});
  ASSERT_FALSE(loopback.result);
  EXPECT_EQ(loopback.result.error().code, Errc::forbidden) << "refused before any connection";
  Call metadata =
      send(io, client, {.method = "GET", .url = "https://169.254.169.254/"}, {.guarded = true});
  ASSERT_FALSE(metadata.result);
  EXPECT_EQ(metadata.result.error().code, Errc::forbidden);
  Call malformed = send(io, client, {.method = "GET", .url = "ftp://example.com/"}, {});
  ASSERT_FALSE(malformed.result);
  EXPECT_EQ(malformed.result.error().code, Errc::validation_error);
}

TEST(HttpClientTest, TheLoopbackDevelopmentSettingLetsAGuardedCallUseHttpOnLoopbackOnly) {
  asio::io_context io;
  LoopbackServer server(io, [](const auto&) { return ok("{}"); });
  HttpClient client;
  Call allowed = send(io, client, {.method = "GET", .url = server.url()},
                      {.guarded = true, .allow_loopback_http = true}, &server);
  ASSERT_TRUE(allowed.result) << allowed.result.error().message;
  Call elsewhere = send(io, client, {.method = "GET", .url = "http://192.168.1.1/"},
                        {.guarded = true, .allow_loopback_http = true});
  ASSERT_FALSE(elsewhere.result);
  EXPECT_EQ(elsewhere.result.error().code, Errc::forbidden) << "refused, not attempted";
}

}  // namespace
}  // namespace agentry::runtime
