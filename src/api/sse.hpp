#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "runtime/notifier.hpp"

// Server-Sent Events: one event's text, and streams that read their events from the store when
// told of news.
namespace agentry::api {

// `event: EVENT` and `data: DATA` (one line: DATA is JSON), after `id: ID` when an id is given.
std::string sse_event(std::string_view event, std::string_view data, std::string_view id = {});

// The last event of a stream the server ends because it is shutting down: `retry: 1000` and
// `event: shutdown` without an id, so that a client reconnects (to another node, or to this one
// once it is back) with the Last-Event-ID it already holds.
std::string going_away_event();

// What one read of a polled stream brought.
struct PolledEvents {
  std::vector<std::string> events;  // whole SSE events, in order
  bool full = false;                // a whole batch: read again without waiting
  bool complete = false;            // the stream ends after these
};

// Sends `retry: 1000`, then the events of each `read()`; after a read that was not full, waits
// for `news` (subscribed before the first read), the client going, the server shutting down, or
// the heartbeat (limits::stream_recheck_ms), which reads again and sends a keep-alive comment
// when there was nothing. Ends when the client goes, a write fails, or after a complete read;
// when the server shuts down, after the going-away event.
boost::asio::awaitable<void> poll_events(
    http::StreamSink& sink, runtime::Notifier::Subscription& news,
    const std::function<boost::asio::awaitable<PolledEvents>()>& read);

}  // namespace agentry::api
