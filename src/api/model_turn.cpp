#include "api/model_turn.hpp"

#include <boost/asio/this_coro.hpp>

#include <algorithm>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/turn_setup.hpp"

namespace agentry::api {
namespace asio = boost::asio;

asio::awaitable<http::Response> answer_model_turn(Call& call, ModelTurnRequest request,
                                                  ModelTurnAnswer answer) {
  auto model = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return models::find(tx, call.account_id(), request.model);
  });
  if (!model) co_return error_reply(call, model.error());
  request.turn.agent_id = model->agent.id;
  runs::Terms terms = run_terms(call);
  if (request.max_output_tokens) {
    terms.max_output_tokens = std::min(terms.max_output_tokens, *request.max_output_tokens);
  }
  StreamSlots::Slot slot;
  if (request.stream) {
    auto held = stream_slot(call);
    if (!held) co_return error_reply(call, held.error());
    slot = std::move(*held);
  }
  auto prepared =
      co_await runtime::ChatTurn::prepare(chat_deps(call.services), call.account_id(), request.turn,
                                          terms, call.now_ms, request.caller);
  if (!prepared) co_return error_reply(call, prepared.error());
  std::shared_ptr<runtime::ChatTurn> t = std::move(*prepared);
  t->act_as(actor_of(call));
  const auto executor = co_await asio::this_coro::executor;
  t->begin(executor, request.stream);
  std::optional<TurnStream> stream;
  if (request.stream) {
    stream = TurnStream{.slot = std::move(slot),
                        .head = answer.stream_head(*model, *t),
                        .format = answer.stream_format(*model, t)};
  }
  const models::Model& named = *model;
  WholeTurnAnswer whole = [&named, &t, &answer](const store::MessageRecord& reply) {
    return answer.whole(named, *t, reply, *t->answer());
  };
  co_return co_await answer_turn(call, t, std::move(stream), std::move(whole));
}

}  // namespace agentry::api
