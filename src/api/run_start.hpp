#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/call_write.hpp"
#include "api/run_wait.hpp"
#include "api/turn_setup.hpp"
#include "core/limits.hpp"
#include "domain/idempotency.hpp"
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

// Starts a run as start_run does and answers it once it has ended: by its own time limit, with
// a worker's recovery allowed for beyond it. With an Idempotency-Key the run is marked as the
// key's in its own transaction, so a retry after a lost answer (or a crash) waits for that run
// instead of starting another.
template <class Pick>
boost::asio::awaitable<Result<store::RunRecord>> execute_run(Call& call, runs::Request request,
                                                             Pick pick) {
  std::string run_id = call.idempotency ? call.idempotency->resume : std::string();
  std::int64_t timeout_ms = request.timeout_ms;
  if (run_id.empty()) {
    auto run = co_await start_run(call, std::move(request), pick,
                                  [&](store::Tx& tx, const store::RunRecord& created) {
                                    if (!call.idempotency) return;
                                    idempotency::begin(tx, call.account_id(), call.idempotency->key,
                                                       call.idempotency->request_hash, created.id,
                                                       call.now_ms, limits::idempotency_ttl_ms);
                                  });
    if (!run) co_return run.error();
    run_id = run->id;
    timeout_ms = run->timeout_ms;
  }
  co_return co_await await_run_end(call, run_id, timeout_ms + limits::run_lease_ms);
}

}  // namespace agentry::api
