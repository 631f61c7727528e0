#include "runtime/idle_connections.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <vector>

namespace agentry::runtime {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class IdleConnectionsTest : public ::testing::Test {
 protected:
  // A connection to the test's listener, with the listener's end of it.
  std::unique_ptr<Connection> connect() {
    auto c = std::make_unique<Connection>();
    c->plain.emplace(io_);
    c->plain->socket().connect(listener_.local_endpoint());
    peers_.push_back(listener_.accept());
    return c;
  }
  std::vector<tcp::endpoint> here() const { return {listener_.local_endpoint()}; }

  asio::io_context io_;
  tcp::acceptor listener_{io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::vector<tcp::socket> peers_;
  IdleConnections& idle_ = asio::use_service<IdleConnections>(io_);
  const IdleConnections::Clock::time_point t0_ = IdleConnections::Clock::now();
};

TEST_F(IdleConnectionsTest, GivesBackTheLastKeptConnectionToAnAllowedAddressOnce) {
  auto first = connect();
  auto second = connect();
  Connection* newest = second.get();
  idle_.keep("http://a", std::move(first), t0_);
  idle_.keep("http://a", std::move(second), t0_);
  EXPECT_EQ(idle_.take("http://b", here(), t0_), nullptr) << "another host's";
  auto taken = idle_.take("http://a", here(), t0_);
  EXPECT_EQ(taken.get(), newest);
  EXPECT_EQ(idle_.size(), 1U);
  const std::vector<tcp::endpoint> elsewhere{tcp::endpoint(asio::ip::make_address("127.0.0.2"), 1)};
  EXPECT_EQ(idle_.take("http://a", elsewhere, t0_), nullptr) << "not to an address now refused";
  EXPECT_EQ(idle_.size(), 0U) << "and it is closed, not kept";
}

TEST_F(IdleConnectionsTest, SkipsConnectionsThePeerClosedOrThatSatTooLong) {
  idle_.keep("http://a", connect(), t0_);
  idle_.keep("http://a", connect(), t0_);
  peers_.back().close();  // the newest one's peer goes away
  auto taken = idle_.take("http://a", here(), t0_);
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(taken->plain->socket().remote_endpoint(), listener_.local_endpoint());
  EXPECT_EQ(idle_.size(), 0U);

  idle_.keep("http://a", std::move(taken), t0_);
  EXPECT_EQ(idle_.take("http://a", here(), t0_ + IdleConnections::max_idle), nullptr);
}

TEST_F(IdleConnectionsTest, KeepsAtMostItsLimitPerHost) {
  for (std::size_t i = 0; i < IdleConnections::max_per_key + 3; ++i) {
    idle_.keep("http://a", connect(), t0_);
  }
  EXPECT_EQ(idle_.size(), IdleConnections::max_per_key);
}

}  // namespace
}  // namespace agentry::runtime
