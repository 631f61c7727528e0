#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/log.hpp"
#include "http/client_address.hpp"
#include "http/io_pool.hpp"
#include "http/message.hpp"

namespace agentry::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  std::size_t max_connections = 10'000;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::int64_t header_timeout_ms = 10'000;
  std::int64_t body_timeout_ms = 30'000;
  std::int64_t idle_timeout_ms = 60'000;
  std::int64_t write_timeout_ms = 30'000;
  // Reverse proxies whose X-Forwarded-For names the client (client_address.hpp).
  TrustedProxies trusted_proxies;
};

// Throws std::runtime_error, one plain sentence, when `host`:`port` cannot be listened on (the
// port is taken, the address is not this machine's ...), so that a server can say so before it
// writes anything. The probe is closed again at once.
void check_can_listen(const std::string& host, std::uint16_t port);

// Produces the response for one request. Runs as a coroutine on the connection's strand; an
// exception escaping it is logged and answered with 500 internal_error.
using Handler = std::function<boost::asio::awaitable<Response>(Request)>;

// An HTTP/1.1 server: one coroutine per connection on one of the pool's contexts, keep-alive,
// limits and timeouts on every read, an X-Request-Id and one JSON access-log line per response.
class Server {
 public:
  // `access_log` and `error_log` must outlive the server.
  Server(IoPool& pool, ServerOptions options, Handler handler, Logger& access_log,
         Logger& error_log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting. Throws boost::system::system_error when the address is taken.
  void start();
  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Stops accepting, closes idle connections and lets busy ones finish their current request.
  // `on_drained` runs once no connection is left.
  void shutdown(std::function<void()> on_drained);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace agentry::http
