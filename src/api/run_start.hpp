#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/call_write.hpp"
#include "api/turn_setup.hpp"
#include "domain/runs.hpp"
#include "runtime/run_worker.hpp"

// Starting a run for a request, as every surface that runs agents does.
namespace agentry::api {

// Queues a run of the agent `pick(tx, request)` names (an error of it stops the run) in a
// transaction that also does `also(tx, run)` (keeping the answer under an Idempotency-Key), and
// wakes this node's worker.
template <class Pick, class Also>
boost::asio::awaitable<Result<store::RunRecord>> start_run(Call& call, runs::Request request,
                                                           Pick pick, Also also) {
  auto run = co_await call_write(
      call,
      [&](store::Tx& tx) -> Result<store::RunRecord> {
        auto agent_id = pick(tx, request);
        if (!agent_id) return agent_id.error();
        request.agent_id = std::move(*agent_id);
        auto created = runs::create(tx, call.account_id(), request, run_terms(call), call.now_ms);
        if (created) also(tx, *created);
        return created;
      },
      runs::isolation);
  if (run) call.services.worker.wake();
  co_return run;
}

}  // namespace agentry::api
