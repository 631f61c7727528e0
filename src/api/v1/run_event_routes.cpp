#include <boost/asio/this_coro.hpp>

#include <charconv>

#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/sse.hpp"
#include "api/stream_reads.hpp"
#include "api/v1/routes.hpp"
#include "domain/runs.hpp"
#include "runtime/notifier.hpp"

// GET /v1/runs/{id}/events: a run's events as Server-Sent Events, from its stored event log, so
// that a client resumes after the last id it saw (Last-Event-ID) without gaps or repeats.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

constexpr std::int64_t events_per_read = 100;

std::string event_of(const store::RunEventRecord& e) {
  return sse_event(e.type, e.data, std::to_string(e.seq));
}

asio::awaitable<http::Response> stream_events(Call& call) {
  const std::string id = call.param("id");
  std::int64_t after = 0;
  if (std::string_view last = call.request.header("last-event-id"); !last.empty()) {
    auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), after);
    if (ec != std::errc() || end != last.data() + last.size() || after < 0) {
      co_return error_reply(
          call, make_error(Errc::validation_error, "Last-Event-ID: not an event id of this stream",
                           "Last-Event-ID"));
    }
  }
  auto run = co_await db_read(call.services.db,
                              [&](store::Tx& tx) { return runs::get(tx, call.account_id(), id); });
  if (!run) co_return error_reply(call, run.error());
  if (runs::is_terminal(run->status)) {
    // A reconnect after the final event (as EventSource makes when a stream ends): 204 tells the
    // client there is nothing more, and it stops, instead of a stream that never ends.
    auto next = co_await db_read(call.services.db, [&](store::Tx& tx) {
      return runs::events_after(tx, call.account_id(), id, after, 1);
    });
    if (!next) co_return error_reply(call, next.error());
    if (next->empty()) {
      http::Response ended;
      ended.status = 204;
      co_return ended;
    }
  }
  auto held = stream_slot(call);
  if (!held) co_return error_reply(call, held.error());
  StreamSlots::Slot slot = std::move(*held);
  http::Response r;
  r.content_type = "text/event-stream";
  r.set_header("Cache-Control", "no-cache");
  r.stream = [db = &call.services.db, notifier = &call.services.notifier,
              reads = &call.services.stream_reads, account = call.account_id(), id, after,
              slot](http::StreamSink& sink) mutable -> asio::awaitable<void> {
    // Woken by each event of the run, from any node (before the first read, so that nothing
    // falls between).
    auto news = notifier->subscribe(runs::wake_key(id), co_await asio::this_coro::executor);
    // Streams of this run that stand at the same event share one read (StreamReads).
    auto read = [&]() -> asio::awaitable<PolledEvents> {
      StreamBatch batch = co_await reads->read(
          "run-events " + account + " " + id + " " + std::to_string(after),
          [&]() -> asio::awaitable<StreamBatch> {
            auto events = co_await db_read(*db, [&](store::Tx& tx) {
              return runs::events_after(tx, account, id, after, events_per_read);
            });
            // Runs are not deleted; should one vanish, so does its stream.
            if (!events) co_return StreamBatch{.polled = {.complete = true}};
            StreamBatch out{
                .polled = {.full = static_cast<std::int64_t>(events->size()) == events_per_read}};
            for (const auto& e : *events) {
              out.polled.events.push_back(event_of(e));
              out.cursor = std::to_string(e.seq);
              // The run's last event: the stream is complete.
              if (runs::is_final_event(e)) {
                out.polled.complete = true;
                break;
              }
            }
            co_return out;
          });
      if (!batch.cursor.empty()) after = std::stoll(batch.cursor);
      co_return std::move(batch.polled);
    };
    co_await poll_events(sink, *news, read);
  };
  co_return r;
}

}  // namespace

std::vector<RouteSpec> run_event_routes() {
  return {{.method = "GET",
           .path = "/v1/runs/{id}/events",
           .operation_id = "streamRunEvents",
           .tag = "Runs",
           .summary = "The run's events as Server-Sent Events: status, progress, delta (output "
                      "as it streams) and log, each with a strictly increasing id; send "
                      "Last-Event-ID to resume after it. The stream ends after the run's final "
                      "status; resumed at or past it, the answer is 204 No Content",
           .scope = "runs:read",
           .response_schema = "",
           .response_content_type = "text/event-stream",
           .errors = {403},
           .handler = stream_events}};
}

}  // namespace agentry::api::v1
