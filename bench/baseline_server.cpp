// The benchmark baseline: a bare Boost.Beast HTTP/1.1 server that answers every request with a
// small fixed JSON body. Same model as agentry's server (one coroutine per connection, one
// single-threaded io_context per thread), with nothing else: no routing, auth, database or logs.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto token = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> session(beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    auto [ec, n] = co_await http::async_read(stream, buffer, request, token);
    if (ec) break;
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json");
    response.body() = R"({"data":{"id":"agt_01J000000000000000000000000","name":"hello"}})";
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    auto [wec, wn] = co_await http::async_write(stream, response, token);
    if (wec || !response.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor,
                             std::vector<std::unique_ptr<asio::io_context>>& contexts) {
  std::size_t next = 0;
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(*contexts[next], token);
    next = (next + 1) % contexts.size();
    if (ec) continue;
    auto executor = socket.get_executor();
    asio::co_spawn(executor, session(beast::tcp_stream(std::move(socket))), asio::detached);
  }
}

void serve(int argc, char** argv) {
  const unsigned short port = argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 0;
  const std::size_t threads = argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : 1;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (std::size_t i = 0; i < threads; ++i)
    contexts.push_back(std::make_unique<asio::io_context>(1));
  tcp::acceptor acceptor(*contexts[0], {asio::ip::make_address("127.0.0.1"), port});
  std::cerr << "listening on 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  asio::co_spawn(*contexts[0], listen(acceptor, contexts), asio::detached);
  std::vector<std::thread> runners;
  for (std::size_t i = 1; i < threads; ++i) {
    auto guard = std::make_shared<decltype(asio::make_work_guard(*contexts[i]))>(
        asio::make_work_guard(*contexts[i]));
    runners.emplace_back([io = contexts[i].get(), guard] { io->run(); });
  }
  contexts[0]->run();
  for (auto& t : runners) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    serve(argc, argv);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "baseline_server: " << e.what() << std::endl;
    return 1;
  }
}
