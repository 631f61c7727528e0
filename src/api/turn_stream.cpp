#include "api/turn_stream.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
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

asio::awaitable<http::Response> answer_turn(Call& call, std::shared_ptr<runtime::ChatTurn> t,
                                            std::optional<TurnStream> stream,
                                            WholeTurnAnswer whole) {
  if (stream) {
    http::Response r;
    r.content_type = "text/event-stream";
    r.set_header("Cache-Control", "no-cache");
    r.body = std::move(stream->head);
    r.stream = [t, slot = std::move(stream->slot), format = std::move(stream->format)](
                   http::StreamSink& sink) { return stream_turn(t, sink, format); };
    const auto executor = co_await asio::this_coro::executor;
    asio::co_spawn(executor, t->commit(call.now_ms),
                   [t](const std::exception_ptr&) {});  // commit() catches what it throws
    co_return r;
  }
  co_await t->commit(call.now_ms);
  if (t->refused()) co_return error_reply(call, t->refusal());
  co_await t->until_answered();
  if (!t->answer()) {
    co_await t->undo();
    co_return error_reply(call, t->answer().error());
  }
  std::optional<http::Response> kept;
  const store::MessageRecord reply =
      co_await t->settle([&](store::Tx& tx, const store::MessageRecord& stored) {
        if (!call.idempotency) return;
        kept = whole(stored);
        keep_answer(call, tx, *kept);
      });
  co_return kept ? std::move(*kept) : whole(reply);
}

}  // namespace agentry::api
