#include "api/sse.hpp"

#include <chrono>

#include "core/limits.hpp"

namespace agentry::api {

std::string sse_event(std::string_view event, std::string_view data, std::string_view id) {
  std::string out;
  out.reserve(id.size() + event.size() + data.size() + 24);
  if (!id.empty()) {
    out += "id: ";
    out += id;
    out += '\n';
  }
  out += "event: ";
  out += event;
  out += "\ndata: ";
  out += data;
  out += "\n\n";
  return out;
}

std::string going_away_event() {
  return "retry: 1000\nevent: shutdown\ndata: {\"message\":\"the server is shutting down; "
         "reconnect with Last-Event-ID to resume\"}\n\n";
}

boost::asio::awaitable<void> poll_events(
    http::StreamSink& sink, runtime::Notifier::Subscription& news,
    const std::function<boost::asio::awaitable<PolledEvents>()>& read) {
  sink.on_closing(news.waker());
  if (!co_await sink.write("retry: 1000\n\n")) co_return;
  auto silent_since = std::chrono::steady_clock::now();
  while (!sink.closing()) {
    bool full = false;
    {  // the events are sent before the wait: an idle stream holds none of them
      const PolledEvents polled = co_await read();
      for (const std::string& event : polled.events) {
        if (!co_await sink.write(event)) co_return;
        silent_since = std::chrono::steady_clock::now();
      }
      if (polled.complete) co_return;
      full = polled.full;
    }
    if (std::chrono::steady_clock::now() - silent_since >
        std::chrono::milliseconds(limits::stream_heartbeat_ms)) {
      if (!co_await sink.write(": keep-alive\n\n")) co_return;
      silent_since = std::chrono::steady_clock::now();
    }
    if (!full) co_await news.wait(limits::stream_recheck_ms);
  }
  // The client went (then this write fails unseen), or the server is shutting down.
  co_await sink.write(going_away_event());
}

}  // namespace agentry::api
