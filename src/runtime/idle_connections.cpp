#include "runtime/idle_connections.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace agentry::runtime {
namespace {

// Still connected to an address the call may reach, and with nothing to read: a peer that
// closed an idle connection has sent its end (recv would answer 0), and one with bytes waiting
// is out of step.
bool usable(Connection& c, const std::vector<boost::asio::ip::tcp::endpoint>& allowed) {
  auto& socket = c.lowest().socket();
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec || std::find(allowed.begin(), allowed.end(), peer) == allowed.end()) return false;
  char byte = 0;
  const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

boost::asio::execution_context::id IdleConnections::id;

IdleConnections::IdleConnections(boost::asio::execution_context& context)
    : boost::asio::execution_context::service(context) {}

std::unique_ptr<Connection> IdleConnections::take(
    const std::string& where, const std::vector<boost::asio::ip::tcp::endpoint>& allowed,
    Clock::time_point now) {
  auto it = idle_.find(where);
  if (it == idle_.end()) return nullptr;
  std::vector<Idle>& list = it->second;
  std::unique_ptr<Connection> found;
  while (!list.empty() && !found) {
    Idle last = std::move(list.back());
    list.pop_back();
    --total_;
    if (now - last.since < max_idle && usable(*last.connection, allowed)) {
      found = std::move(last.connection);
    }
  }
  if (list.empty()) idle_.erase(it);
  return found;
}

void IdleConnections::keep(const std::string& where, std::unique_ptr<Connection> connection,
                           Clock::time_point now) {
  std::vector<Idle>& list = idle_[where];
  // Oldest first: those idle too long are at the front.
  const auto fresh = std::find_if(list.begin(), list.end(),
                                  [&](const Idle& i) { return now - i.since < max_idle; });
  total_ -= static_cast<std::size_t>(fresh - list.begin());
  list.erase(list.begin(), fresh);
  if (list.size() < max_per_key && total_ < max_total) {
    list.push_back({std::move(connection), now});
    ++total_;
  }
  if (list.empty()) idle_.erase(where);
}

void IdleConnections::shutdown() {
  idle_.clear();
  total_ = 0;
}

}  // namespace agentry::runtime
