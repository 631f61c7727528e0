#include "runtime/notifier.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <thread>

namespace agentry::runtime {
namespace {
namespace asio = boost::asio;

TEST(NotifierTest, ANotifyFromAnotherThreadEndsTheWaitBeforeItsTimeout) {
  asio::io_context io;
  Notifier notifier;
  bool woken = false;
  auto sub = notifier.subscribe("run:1", io.get_executor());
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await sub->wait(60'000);
        woken = true;
      },
      asio::detached);
  std::thread other([&] { notifier.notify("run:1"); });
  // Run until the coroutine ends: with the timeout of a minute, only the notify can end it.
  io.run();
  other.join();
  EXPECT_TRUE(woken);
}

TEST(NotifierTest, ANotifyBeforeTheWaitIsNotLost) {
  asio::io_context io;
  Notifier notifier;
  auto sub = notifier.subscribe("k", io.get_executor());
  notifier.notify("k");
  notifier.notify("other");
  bool woken = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await sub->wait(60'000);
        woken = true;
      },
      asio::detached);
  io.run();
  EXPECT_TRUE(woken);
}

TEST(NotifierTest, AWaitWithoutNotifyEndsAtItsTimeout) {
  asio::io_context io;
  Notifier notifier;
  auto sub = notifier.subscribe("mine", io.get_executor());
  bool woken = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await sub->wait(20);
        woken = true;
      },
      asio::detached);
  notifier.notify("theirs");
  io.run();
  EXPECT_TRUE(woken);
}

}  // namespace
}  // namespace agentry::runtime
