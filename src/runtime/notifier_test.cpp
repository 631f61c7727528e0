#include "runtime/notifier.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <thread>

namespace agentry::runtime {
namespace {
namespace asio = boost::asio;
using Wake = Notifier::Subscription::Wake;

// Runs one wait of `sub` on `io` to its end; how it ended.
Wake wait_once(asio::io_context& io, Notifier::Subscription& sub, std::int64_t timeout_ms) {
  std::optional<Wake> woke;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { woke = co_await sub.wait(timeout_ms); }, asio::detached);
  io.restart();
  io.run();
  EXPECT_TRUE(woke.has_value());
  return woke.value_or(Wake::timed_out);
}

constexpr std::int64_t an_hour_ms = 3'600'000;

TEST(NotifierTest, ANotifyFromAnotherThreadEndsTheWait) {
  asio::io_context io;
  Notifier notifier;
  auto sub = notifier.subscribe("run:1", io.get_executor());
  std::optional<Wake> woke;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { woke = co_await sub->wait(an_hour_ms); },
      asio::detached);
  std::thread other([&] { notifier.notify("run:1"); });
  io.run();  // with a timeout of an hour, only the notify ends it
  other.join();
  EXPECT_EQ(woke, Wake::notified);
}

TEST(NotifierTest, ANotifyBeforeTheWaitIsNotLost) {
  asio::io_context io;
  Notifier notifier;
  auto sub = notifier.subscribe("k", io.get_executor());
  notifier.notify("k");
  EXPECT_EQ(wait_once(io, *sub, an_hour_ms), Wake::notified);
}

TEST(NotifierTest, ANotificationEndsOneWaitOnly) {
  asio::io_context io;
  Notifier notifier;
  auto sub = notifier.subscribe("k", io.get_executor());
  notifier.notify("k");
  notifier.notify("k");  // still unconsumed: the two are one wake-up
  EXPECT_EQ(wait_once(io, *sub, an_hour_ms), Wake::notified);
  EXPECT_EQ(wait_once(io, *sub, 1), Wake::timed_out);
}

TEST(NotifierTest, AnotherKeysNotifyTimesOut) {
  asio::io_context io;
  Notifier notifier;
  auto sub = notifier.subscribe("mine", io.get_executor());
  notifier.notify("theirs");
  EXPECT_EQ(wait_once(io, *sub, 1), Wake::timed_out);
}

TEST(NotifierTest, AWaitAfterATimeoutStillSeesTheNextNotify) {
  asio::io_context io;
  Notifier notifier;
  auto sub = notifier.subscribe("k", io.get_executor());
  EXPECT_EQ(wait_once(io, *sub, 1), Wake::timed_out);
  notifier.notify("k");
  EXPECT_EQ(wait_once(io, *sub, an_hour_ms), Wake::notified);
}

TEST(NotifierTest, EverySubscriberOfTheKeyWakes) {
  asio::io_context io;
  Notifier notifier;
  auto first = notifier.subscribe("k", io.get_executor());
  auto second = notifier.subscribe("k", io.get_executor());
  notifier.notify("k");
  EXPECT_EQ(wait_once(io, *first, an_hour_ms), Wake::notified);
  EXPECT_EQ(wait_once(io, *second, an_hour_ms), Wake::notified);
}

TEST(NotifierTest, NotifyAllWakesEveryKeyOnce) {
  asio::io_context io;
  Notifier notifier;
  auto run = notifier.subscribe("run:1", io.get_executor());
  auto log = notifier.subscribe("agent-log:1", io.get_executor());
  notifier.notify_all();
  EXPECT_EQ(wait_once(io, *run, an_hour_ms), Wake::notified);
  EXPECT_EQ(wait_once(io, *log, an_hour_ms), Wake::notified);
  EXPECT_EQ(wait_once(io, *run, 1), Wake::timed_out);
}

}  // namespace
}  // namespace agentry::runtime
