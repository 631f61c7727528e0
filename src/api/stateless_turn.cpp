#include "api/stateless_turn.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/turn_setup.hpp"

namespace agentry::api {
namespace asio = boost::asio;

asio::awaitable<http::Response> answer_stateless_turn(Call& call, StatelessTurnRequest request,
                                                      StatelessTurnAnswer answer) {
  auto model = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return models::find(tx, call.account_id(), request.model);
  });
  if (!model) co_return error_reply(call, model.error());
  request.turn.agent_id = model->agent.id;
  request.turn.stateless = true;
  runs::Terms terms = run_terms(call);
  if (request.max_output_tokens) {
    terms.max_output_tokens = std::min(terms.max_output_tokens, *request.max_output_tokens);
  }
  StreamSlots::Slot slot;
  if (request.stream) {
    slot = call.services.streams.acquire(call.account_id());
    if (!slot) co_return error_reply(call, too_many_streams());
  }
  auto prepared =
      co_await runtime::ChatTurn::prepare(chat_deps(call.services), call.account_id(), request.turn,
                                          terms, call.now_ms, request.caller);
  if (!prepared) co_return error_reply(call, prepared.error());
  std::shared_ptr<runtime::ChatTurn> t = std::move(*prepared);
  t->act_as(actor_of(call));
  auto executor = co_await asio::this_coro::executor;
  t->begin(executor, request.stream);
  if (request.stream) {
    http::Response r;
    r.content_type = "text/event-stream";
    r.set_header("Cache-Control", "no-cache");
    r.body = answer.stream_head(*model, *t);
    r.stream = [t, slot, format = answer.stream_format(*model, t)](http::StreamSink& sink) {
      return stream_turn(t, sink, format);
    };
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
  // With an Idempotency-Key the answer is kept in the transaction that pays for the turn.
  std::optional<http::Response> kept;
  const store::MessageRecord reply =
      co_await t->settle([&](store::Tx& tx, const store::MessageRecord& stored) {
        if (!call.idempotency) return;
        kept = answer.whole(*model, *t, stored, *t->answer());
        keep_answer(call, tx, *kept);
      });
  co_return kept ? std::move(*kept) : answer.whole(*model, *t, reply, *t->answer());
}

}  // namespace agentry::api
