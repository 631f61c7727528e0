#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <string>

#include "api/shared_fetches.hpp"
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
  const runtime::Notifier& notifier_;
  // An ended fetch is kept a second: SQLite reads on the caller's thread, so each stream's fetch
  // ends before the next stream at the same place asks.
  SharedFetches<StreamBatch> fetches_{std::chrono::seconds(1)};
};

}  // namespace agentry::api
