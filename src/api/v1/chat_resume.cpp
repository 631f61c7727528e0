#include "api/v1/chat_resume.hpp"

#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <chrono>

#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/sse.hpp"
#include "api/v1/chat_events.hpp"
#include "core/limits.hpp"
#include "domain/chat.hpp"
#include "runtime/notifier.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

// How long a reconnect waits for a turn still going: its own time limit, and the minute after
// it in which the housekeeping pass ends a turn cut off by a stop of the server.
constexpr std::int64_t resume_wait_ms = limits::run_timeout_ms + 60'000;
// A turn's first deltas go out before its message is stored (its commit runs alongside), so a
// turn not found yet is looked for again for this long before it is called gone.
constexpr std::int64_t commit_grace_ms = 5'000;

bool is_place(std::string_view place) {
  if (place == "message" || place == "usage") return true;
  if (place.empty() || place.size() > 9) return false;
  for (char c : place) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

asio::awaitable<http::Response> resume_turn(Call& call, std::string last_event_id) {
  const std::size_t colon = last_event_id.rfind(':');
  const std::string turn = last_event_id.substr(0, colon);
  const std::string place =
      colon == std::string::npos ? std::string() : last_event_id.substr(colon + 1);
  if (place == "done" || place == "error") {
    http::Response ended;  // the turn's stream is complete: nothing more will come
    ended.status = 204;
    co_return ended;
  }
  if (!turn.starts_with("msg_") || !is_place(place)) {
    co_return error_reply(
        call, make_error(Errc::validation_error, "Last-Event-ID: not an event id of a chat turn",
                         "Last-Event-ID"));
  }
  auto held = stream_slot(call);
  if (!held) co_return error_reply(call, held.error());
  StreamSlots::Slot slot = std::move(*held);
  http::Response r;
  r.content_type = "text/event-stream";
  r.set_header("Cache-Control", "no-cache");
  r.stream = [services = &call.services, account = call.account_id(), agent = call.param("id"),
              turn, place, slot](http::StreamSink& sink) -> asio::awaitable<void> {
    // Woken when the turn's message or reply is stored, or the turn undone, on any node.
    auto news =
        services->notifier.subscribe(chat::turn_key(turn), co_await asio::this_coro::executor);
    sink.on_closing(news->waker());
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + std::chrono::milliseconds(resume_wait_ms);
    const auto grace_end = started + std::chrono::milliseconds(commit_grace_ms);
    auto silent_since = started;
    while (!sink.closing() && std::chrono::steady_clock::now() < deadline) {
      const chat::TurnState state = co_await db_read(
          services->db, [&](store::Tx& tx) { return chat::turn_state(tx, account, agent, turn); });
      if (state.kind == chat::TurnState::Kind::answered) {
        co_await sink.write(turn_end_events(turn, *state.reply, place));
        co_return;
      }
      const auto now = std::chrono::steady_clock::now();
      const bool gone = state.kind == chat::TurnState::Kind::gone;
      if (gone && now > grace_end) break;
      if (now - silent_since > std::chrono::milliseconds(limits::stream_heartbeat_ms)) {
        if (!co_await sink.write(": keep-alive\n\n")) co_return;
        silent_since = now;
      }
      // Read again when the turn changes, else when its grace ends (a turn not stored yet) or
      // its heartbeat is due.
      const auto next = std::min(
          deadline,
          gone ? grace_end : silent_since + std::chrono::milliseconds(limits::stream_heartbeat_ms));
      co_await news->wait(
          std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1);
    }
    if (sink.closing()) {
      co_await sink.write(going_away_event());  // the turn may still end: reconnect for it
      co_return;
    }
    co_await sink.write(turn_error_event(
        turn, "turn_not_resumable",
        "this turn ended without a reply and was not charged, or is not yours: send the "
        "message again as a new turn"));
  };
  co_return r;
}

}  // namespace agentry::api::v1
