#include "api/stream_reads.hpp"

#include <gtest/gtest.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace agentry::api {
namespace {
namespace asio = boost::asio;

// A fetch that holds until `release` is cancelled, counting its calls: so that a second
// caller arrives while the first fetch is still under way.
struct HeldFetch {
  explicit HeldFetch(asio::io_context& io) : release(io, asio::steady_timer::time_point::max()) {}
  asio::steady_timer release;
  int calls = 0;
  bool fail = false;
  std::function<asio::awaitable<StreamBatch>()> fetch(const std::string& cursor) {
    return [this, cursor]() -> asio::awaitable<StreamBatch> {
      ++calls;
      co_await release.async_wait(asio::as_tuple(asio::use_awaitable));
      if (fail) throw std::runtime_error("the store failed");
      co_return StreamBatch{.polled = {.events = {"event " + std::to_string(calls)}},
                            .cursor = cursor};
    };
  }
};

// Starts a read on `io`; its outcome lands in `out` (or `error`) once the io_context runs it.
void start_read(asio::io_context& io, StreamReads& reads,
                std::function<asio::awaitable<StreamBatch>()> fetch,
                std::optional<StreamBatch>& out, std::string& error) {
  asio::co_spawn(
      io,
      [&reads, fetch = std::move(fetch), &out, &error]() -> asio::awaitable<void> {
        try {
          out = co_await reads.read("log 1", fetch);
        } catch (const std::exception& e) {
          error = e.what();
        }
      },
      asio::detached);
}

class StreamReadsTest : public ::testing::Test {
 protected:
  // Runs what was started until every caller waits, then lets the held fetches end.
  void run_all() {
    io.restart();
    io.poll();
    held.release.cancel();
    io.run();
  }
  void start(std::uint64_t epoch, const std::string& cursor, std::optional<StreamBatch>& out,
             std::string& failure) {
    // The caller's signal: the notifier's count of signals when it asks.
    while (notifier.epoch() < epoch) notifier.notify("log 1");
    start_read(io, reads, held.fetch(cursor), out, failure);
    io.restart();
    io.poll();  // the read asks now, at this count
  }

  asio::io_context io;
  runtime::Notifier notifier;
  StreamReads reads{notifier};
  HeldFetch held{io};
  std::string error;
};

TEST_F(StreamReadsTest, CallersAtOnePlaceShareOneFetch) {
  std::optional<StreamBatch> first;
  std::optional<StreamBatch> second;
  start(7, "a", first, error);
  start(7, "b", second, error);
  run_all();
  EXPECT_EQ(held.calls, 1);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(second->polled.events, first->polled.events);
  EXPECT_EQ(second->cursor, "a") << "the batch of the fetch under way";
}

// A caller woken by a later signal than the fetch under way began with must not take its batch:
// that fetch may have read before the caller's change was committed.
TEST_F(StreamReadsTest, ACallerWithALaterEpochFetchesItself) {
  std::optional<StreamBatch> first;
  std::optional<StreamBatch> later;
  std::optional<StreamBatch> third;
  start(7, "a", first, error);
  start(8, "b", later, error);
  start(8, "c", third, error);  // joins the fetch that began at 8
  run_all();
  EXPECT_EQ(held.calls, 2);
  ASSERT_TRUE(first && later && third);
  EXPECT_EQ(first->cursor, "a");
  EXPECT_EQ(later->cursor, "b");
  EXPECT_EQ(third->cursor, "b");
}

TEST_F(StreamReadsTest, AFailedFetchFailsEveryCallerAndIsNotReused) {
  held.fail = true;
  std::optional<StreamBatch> first;
  std::optional<StreamBatch> second;
  std::string first_error;
  std::string second_error;
  start(1, "a", first, first_error);
  start(1, "a", second, second_error);
  run_all();
  EXPECT_EQ(first_error, "the store failed");
  EXPECT_EQ(second_error, "the store failed");

  held.fail = false;
  std::optional<StreamBatch> again;
  std::string again_error;
  start(1, "a", again, again_error);
  run_all();
  ASSERT_TRUE(again.has_value()) << again_error;
  EXPECT_EQ(held.calls, 2) << "a fetch of its own: the failed one is gone";
}

// SQLite reads on the caller's thread, so a fetch has ended before the next stream asks: its
// batch serves the streams at that place for a moment, as long as their signal came before it.
TEST_F(StreamReadsTest, AnEndedFetchServesLaterCallersOfItsEpoch) {
  std::optional<StreamBatch> first;
  std::optional<StreamBatch> same;
  std::optional<StreamBatch> newer;
  start(7, "a", first, error);
  run_all();
  start(7, "b", same, error);
  run_all();
  EXPECT_EQ(held.calls, 1);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->cursor, "a");
  start(8, "c", newer, error);
  run_all();
  EXPECT_EQ(held.calls, 2) << "a signal after the ended fetch began needs a fetch of its own";
  ASSERT_TRUE(newer.has_value());
  EXPECT_EQ(newer->cursor, "c");
}

}  // namespace
}  // namespace agentry::api

namespace agentry::api {
namespace {

// Without a time to keep them (the key lookups), callers at once share a fetch, and the next
// caller after it ended fetches again.
TEST(SharedFetchesTest, WithoutKeepForOnlyCallersAtOnceShare) {
  namespace asio = boost::asio;
  asio::io_context io;
  SharedFetches<int> fetches(std::chrono::steady_clock::duration::zero());
  asio::steady_timer release(io, asio::steady_timer::time_point::max());
  int calls = 0;
  const std::function<asio::awaitable<int>()> fetch = [&]() -> asio::awaitable<int> {
    const int call = ++calls;
    co_await release.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return call;
  };
  std::vector<int> values;
  int fetched = 0;
  auto ask = [&] {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          bool mine = false;
          values.push_back(co_await fetches.get("key", 1, fetch, &mine));
          fetched += mine ? 1 : 0;
        },
        asio::detached);
  };
  for (int i = 0; i < 3; ++i) ask();
  io.poll();
  release.cancel();
  io.run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(values, std::vector<int>({1, 1, 1}));
  EXPECT_EQ(fetched, 1);

  release.expires_at(asio::steady_timer::time_point::max());
  ask();
  io.restart();
  io.poll();
  release.cancel();
  io.run();
  EXPECT_EQ(calls, 2) << "an ended fetch is not kept";
  EXPECT_EQ(values.back(), 2);
}

}  // namespace
}  // namespace agentry::api
