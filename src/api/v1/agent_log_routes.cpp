#include <boost/asio/this_coro.hpp>

#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/sse.hpp"
#include "api/stream_reads.hpp"
#include "api/v1/routes.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/agent_log.hpp"
#include "runtime/notifier.hpp"
#include "views/resources.hpp"

// GET /v1/agents/{id}/logs: an agent's recent log, newest first, cursor-paged; and
// GET /v1/agents/{id}/logs/stream: the entries as they are written, as Server-Sent Events.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

constexpr std::int64_t entries_per_read = 100;

Result<store::LogFilter> filter_of(const Call& call) {
  store::LogFilter f;
  if (auto level = call.query_value("level")) {
    f.levels = agent_log::levels_from(*level);
    if (f.levels.empty()) {
      return make_error(Errc::validation_error, "level: must be debug, info, warn or error",
                        "level");
    }
  }
  if (auto since = call.query_value("since")) {
    f.since_ms = parse_rfc3339(*since);
    if (!f.since_ms) {
      return make_error(Errc::validation_error, "since: not an RFC 3339 timestamp", "since");
    }
  }
  if (auto run = call.query_value("run")) f.run_id = *run;
  auto cursor = cursor_of(call, "log");
  if (!cursor) return cursor.error();
  f.before_id = *cursor;
  return f;
}

asio::awaitable<http::Response> list_logs(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto filter = filter_of(call);
  if (!filter) co_return error_reply(call, filter.error());
  const std::string id = call.param("id");
  auto entries = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agent_log::list(tx, call.account_id(), id, *filter, page->limit + 1);
  });
  if (!entries) co_return error_reply(call, entries.error());
  co_return cursor_list_reply(*entries, page->limit, views::write_log,
                              [](const store::LogRecord& e) { return e.id; });
}

// One entry as an SSE event: its id is the resumption point (Last-Event-ID).
std::string event_of(const store::LogRecord& e) {
  JsonWriter w;
  views::write_log(w, e);
  return sse_event("log", w.take(), e.id);
}

asio::awaitable<http::Response> stream_logs(Call& call) {
  const std::string id = call.param("id");
  // Resume after the last event the client saw; a new stream starts with what comes next.
  std::optional<std::string> after;
  if (std::string_view last = call.request.header("last-event-id"); !last.empty()) {
    if (!is_valid_id(last, "log")) {
      co_return error_reply(
          call, make_error(Errc::validation_error, "Last-Event-ID: not an event id of this stream",
                           "Last-Event-ID"));
    }
    after = std::string(last);
  }
  auto newest = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agent_log::list(tx, call.account_id(), id, {}, 1);
  });
  if (!newest) co_return error_reply(call, newest.error());
  if (!after && !newest->empty()) after = newest->front().id;
  auto held = stream_slot(call);
  if (!held) co_return error_reply(call, held.error());
  StreamSlots::Slot slot = std::move(*held);
  http::Response r;
  r.content_type = "text/event-stream";
  r.set_header("Cache-Control", "no-cache");
  r.stream = [db = &call.services.db, notifier = &call.services.notifier,
              reads = &call.services.stream_reads, account = call.account_id(), id, after,
              slot](http::StreamSink& sink) mutable -> asio::awaitable<void> {
    // Woken by each entry the agent logs on any node (subscribed before the first read, so that
    // nothing falls between).
    auto news = notifier->subscribe(agent_log::wake_key(id), co_await asio::this_coro::executor);
    // Streams of this log that stand at the same entry share one read (StreamReads).
    auto read = [&]() -> asio::awaitable<PolledEvents> {
      StreamBatch batch = co_await reads->read(
          "agent-log " + account + " " + id + " " + after.value_or(""),
          [&]() -> asio::awaitable<StreamBatch> {
            auto entries = co_await db_read(*db, [&](store::Tx& tx) {
              return agent_log::after(tx, account, id, after, entries_per_read);
            });
            // The agent was deleted: its log is gone, and so is the stream.
            if (!entries) co_return StreamBatch{.polled = {.complete = true}};
            StreamBatch out{
                .polled = {.full = static_cast<std::int64_t>(entries->size()) == entries_per_read}};
            for (const auto& e : *entries) out.polled.events.push_back(event_of(e));
            if (!entries->empty()) out.cursor = entries->back().id;
            co_return out;
          });
      if (!batch.cursor.empty()) after = std::move(batch.cursor);
      co_return std::move(batch.polled);
    };
    co_await poll_events(sink, *news, read);
  };
  co_return r;
}

}  // namespace

std::vector<RouteSpec> agent_log_routes() {
  std::vector<QueryParam> params = cursor_query_params();
  params.push_back({"level", R"({"type":"string","enum":["debug","info","warn","error"]})",
                    "Only entries at this level or above."});
  params.push_back(
      {"since", R"({"type":"string","format":"date-time"})", "Only entries from this time on."});
  params.push_back({"run", R"({"type":"string"})", "Only entries of this run."});
  return {{.method = "GET",
           .path = "/v1/agents/{id}/logs",
           .operation_id = "listAgentLogs",
           .tag = "Agents",
           .summary = "The agent's recent log (7 days), newest first",
           .scope = "logs",
           .query = std::move(params),
           .response_schema = cursor_list_of(R"({"type": "object", "properties": {
             "id": {"type": "string"}, "level": {"type": "string"}, "event": {"type": "string"},
             "message": {"type": "string"}, "runId": {"type": ["string", "null"]},
             "taskId": {"type": ["string", "null"]},
             "createdAt": {"type": "string", "format": "date-time"}}})"),
           .handler = list_logs},
          {.method = "GET",
           .path = "/v1/agents/{id}/logs/stream",
           .operation_id = "streamAgentLogs",
           .tag = "Agents",
           .summary = "The agent's log entries as they are written (Server-Sent Events: event "
                      "\"log\", id for Last-Event-ID resumption)",
           .scope = "logs",
           .response_schema = "",
           .response_content_type = "text/event-stream",
           .errors = {403},
           .handler = stream_logs}};
}

}  // namespace agentry::api::v1
