#pragma once

#include <boost/asio/execution_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

// The outbound connections kept open between calls, so that a provider's next call skips the
// TCP and TLS handshakes.
namespace agentry::runtime {

// One outbound connection, plain or TLS.
struct Connection {
  std::optional<boost::beast::tcp_stream> plain;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure;

  boost::beast::tcp_stream& lowest() {
    return secure ? boost::beast::get_lowest_layer(*secure) : *plain;
  }
};

// The idle connections of one io_context: a socket belongs to its context, whose one thread is
// then their only user (no lock), and as an asio service they close with the context. Keyed
// by scheme, host and port; a connection is handed out only to a call that may reach its
// address.
class IdleConnections : public boost::asio::execution_context::service {
 public:
  using Clock = std::chrono::steady_clock;
  static boost::asio::execution_context::id id;

  static constexpr std::size_t max_per_key = 16;
  static constexpr std::size_t max_total = 256;
  static constexpr std::chrono::seconds max_idle{30};

  explicit IdleConnections(boost::asio::execution_context& context);

  // The most recently kept connection for `where` that is connected to one of `allowed`, has not
  // been idle too long and that the peer has not closed; null when there is none. Others met
  // on the way are closed.
  std::unique_ptr<Connection> take(const std::string& where,
                                   const std::vector<boost::asio::ip::tcp::endpoint>& allowed,
                                   Clock::time_point now);
  // Keeps `connection` for a later call, unless the limits are reached (then it closes).
  void keep(const std::string& where, std::unique_ptr<Connection> connection,
            Clock::time_point now);

  std::size_t size() const { return total_; }

 private:
  void shutdown() override;

  struct Idle {
    std::unique_ptr<Connection> connection;
    Clock::time_point since;
  };
  std::unordered_map<std::string, std::vector<Idle>> idle_;
  std::size_t total_ = 0;
};

}  // namespace agentry::runtime
