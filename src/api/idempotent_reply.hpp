#pragma once

#include <boost/asio/awaitable.hpp>

#include <type_traits>
#include <utility>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/route.hpp"
#include "core/result.hpp"

// Answers of requests that change state, written so that an Idempotency-Key's answer is stored
// in the same transaction as the change (see domain/idempotency.hpp for why).
namespace agentry::api {

// Stores `response` in `tx` as the answer to the call's Idempotency-Key and marks it kept. Does
// nothing when the call has no key, or for a streamed answer or a server error (neither can be
// replayed). Throws idempotency::KeyTaken when another request's answer holds the key.
void keep_answer(Call& call, store::Tx& tx, const http::Response& response);

// Runs `work(Tx&)` in one write transaction and answers `render(value)`, or the error reply of
// an error Result (whose changes are rolled back). With an Idempotency-Key the answer is rendered
// inside the transaction and kept with its effect, so `render` must only build the response;
// what else follows a commit belongs after this returns.
template <class Work, class Render>
boost::asio::awaitable<http::Response> write_reply(
    Call& call, Work work, Render render,
    store::WriteIsolation isolation = store::WriteIsolation::serializable) {
  using R = std::invoke_result_t<Work&, store::Tx&>;
  auto answer = [&](R& result) -> http::Response {
    if constexpr (IsResult<R>::value) {
      if (!result) return error_reply(call, result.error());
      return render(*result);
    } else {
      return render(result);
    }
  };
  if (!call.idempotency) {
    R result = co_await call_write(call, std::move(work), isolation);
    co_return answer(result);
  }
  bool recorded = false;
  auto kept = [&](store::Tx& tx) {
    recorded = false;
    R result = work(tx);
    http::Response response = answer(result);
    if constexpr (IsResult<R>::value) {
      if (!result) {
        tx.set_rollback_only();
        return response;
      }
    }
    if (!call.activity_recorded) {
      record_call(call, tx, id_of_result(result));
      recorded = true;
    }
    keep_answer(call, tx, response);
    return response;
  };
  http::Response response = co_await actor_write(call, kept, isolation);
  if (recorded) call.activity_recorded = true;
  co_return response;
}

}  // namespace agentry::api
