#pragma once

#include <boost/asio/awaitable.hpp>

#include <concepts>
#include <optional>
#include <string>
#include <type_traits>

#include "api/await_db.hpp"
#include "api/route.hpp"
#include "core/result.hpp"
#include "store/activity_records.hpp"
#include "store/database.hpp"

// The writes of a request: each knows its actor (the key or admin, client address, request id),
// so that the money it moves is attributed, and the change it makes is recorded in the account's
// activity log in its own transaction (domain/activity.hpp).
namespace agentry::api {

// Who makes the call's writes.
store::Actor actor_of(const Call& call);
// Records the call's change in its account's activity log, in `tx`: the route's operation on
// `target` (the path's {id}, else `created_id`).
void record_call(const Call& call, store::Tx& tx, const std::optional<std::string>& created_id);

// The id of a domain result that has one (a created record), for the activity log's target.
template <class R>
std::optional<std::string> id_of_result(const R& result) {
  if constexpr (IsResult<R>::value) {
    if constexpr (requires { result.value().id; }) {
      if (result.has_value()) return std::string(result.value().id);
    }
    return std::nullopt;
  } else if constexpr (requires {
                         { result.id } -> std::convertible_to<std::string>;
                       }) {
    return std::string(result.id);
  } else {
    return std::nullopt;
  }
}

template <class R>
bool succeeded(const R& result) {
  if constexpr (IsResult<R>::value) {
    return result.has_value();
  } else {
    return true;
  }
}

// Runs `work(Tx&)` in a write transaction as the call's actor (see runtime::db_write), without
// recording anything itself.
template <class F>
auto actor_write(Call& call, F work,
                 store::WriteIsolation isolation = store::WriteIsolation::serializable)
    -> boost::asio::awaitable<std::invoke_result_t<F&, store::Tx&>> {
  using R = std::invoke_result_t<F&, store::Tx&>;
  const store::Actor actor = actor_of(call);
  auto as_actor = [&](store::Tx& tx) -> R {
    struct Reset {
      store::Tx& tx;
      ~Reset() { tx.set_actor(nullptr); }
    } reset{tx};
    tx.set_actor(&actor);
    return work(tx);
  };
  co_return co_await db_write(call.services.db, as_actor, isolation);
}

// Runs `work(Tx&)` as the call's actor and, when it succeeds, records the call in the activity
// log in the same transaction (once per call).
template <class F>
auto call_write(Call& call, F work,
                store::WriteIsolation isolation = store::WriteIsolation::serializable)
    -> boost::asio::awaitable<std::invoke_result_t<F&, store::Tx&>> {
  using R = std::invoke_result_t<F&, store::Tx&>;
  bool recorded = false;
  auto recording = [&](store::Tx& tx) -> R {
    recorded = false;  // a retried transaction starts again
    R result = work(tx);
    if (!call.activity_recorded && succeeded(result) && !tx.rollback_only()) {
      record_call(call, tx, id_of_result(result));
      recorded = true;
    }
    return result;
  };
  R out = co_await actor_write(call, recording, isolation);
  if (recorded) call.activity_recorded = true;
  co_return out;
}

}  // namespace agentry::api
