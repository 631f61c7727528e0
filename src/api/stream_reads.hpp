#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/sse.hpp"
#include "runtime/notifier.hpp"

// Streams that follow the same thing from the same place share one read of the store. When one
// agent logs an entry, every stream of its log wakes, and all of them stand at the same entry:
// one of them reads what came after it and hands the events to the others, instead of each of
// thousands reading the same rows.
namespace agentry::api {

// What one read of a stream brought: its events, and where the stream stands after them.
struct StreamBatch {
  PolledEvents polled;
  std::string cursor;
};

class StreamReads {
 public:
  // `notifier` wakes the streams: its count of signals tells which fetches are recent enough.
  explicit StreamReads(const runtime::Notifier& notifier) : notifier_(notifier) {}

  // The batch `fetch()` brings for `key` (which names the stream's subject, reader and
  // position). It comes from a fetch of `key` that began after every signal so far
  // (runtime::Notifier::epoch), so that it sees every commit signalled before this call: one
  // under way, or one that ended less than a second ago. Else from `fetch()` here, which later
  // callers of the same key may use likewise. An exception of the fetch reaches every caller
  // and is not kept.
  boost::asio::awaitable<StreamBatch> read(
      const std::string& key, const std::function<boost::asio::awaitable<StreamBatch>()>& fetch);

 private:
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& executor)
        : timer(executor, boost::asio::steady_timer::time_point::max()) {}
    boost::asio::steady_timer timer;
    std::optional<StreamBatch> batch;
    std::exception_ptr error;
  };
  struct Flight {
    std::uint64_t epoch = 0;
    std::vector<std::shared_ptr<Waiter>> waiters;
    std::optional<StreamBatch> batch;  // once the fetch has ended
    std::chrono::steady_clock::time_point ended;
  };
  // How long an ended fetch's batch is kept for callers at its place.
  static constexpr std::chrono::seconds keep_for{1};

  // Drops the batches kept longer than keep_for, at most once per keep_for; under the lock.
  void forget_old(std::chrono::steady_clock::time_point now);

  const runtime::Notifier& notifier_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point next_sweep_;
  std::map<std::string, std::shared_ptr<Flight>, std::less<>> flights_;
};

}  // namespace agentry::api
