#include "api/turn_stream.hpp"

#include "core/limits.hpp"

namespace agentry::api {
namespace asio = boost::asio;

asio::awaitable<void> stream_turn(std::shared_ptr<runtime::ChatTurn> t, http::StreamSink& sink,
                                  TurnStreamFormat format) {
  bool present = true;
  auto send = [&](const std::string& bytes) -> asio::awaitable<void> {
    if (present && !bytes.empty()) present = co_await sink.write(bytes);
  };
  while (present && !t->refused()) {
    if (t->has_stream()) {
      for (const auto& item : t->take_stream()) co_await send(format.item(item));
    } else if (t->answered()) {
      break;
    } else if (sink.closing()) {
      // The server is going away (or the client went, and this write fails unnoticed).
      co_await send(
          format.error("server_shutting_down",
                       make_error(Errc::unavailable,
                                  "the server is shutting down: this turn was stopped and "
                                  "not charged; send it again")));
      present = false;
    } else {
      co_await t->news(limits::stream_heartbeat_ms);
    }
  }
  if (!present) t->stop();
  co_await t->until_committed();
  if (t->refused()) {
    co_await send(format.error(errc_code(t->refusal().code), t->refusal()));
    co_return;
  }
  if (!present) {
    co_await t->undo();
    co_return;
  }
  if (!t->answer()) {
    co_await t->undo();
    co_await send(format.error("provider_error", t->answer().error()));
    co_return;
  }
  const store::MessageRecord reply = co_await t->settle();
  co_await send(format.end(reply, *t->answer()));
}

}  // namespace agentry::api
