#include "api/run_wait.hpp"

#include <boost/asio/this_coro.hpp>

#include <chrono>

#include "api/await_db.hpp"
#include "core/limits.hpp"
#include "domain/runs.hpp"
#include "runtime/notifier.hpp"

namespace agentry::api {
namespace asio = boost::asio;

asio::awaitable<Result<store::RunRecord>> await_run_end(Call& call, const std::string& id,
                                                        std::int64_t timeout_ms) {
  auto subscription =
      call.services.notifier.subscribe(runs::wake_key(id), co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto run = co_await db_read(
        call.services.db, [&](store::Tx& tx) { return runs::get(tx, call.account_id(), id); });
    if (!run || runs::is_terminal(run->status)) co_return run;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) co_return run;
    co_await subscription->wait(std::min<std::int64_t>(left, limits::stream_recheck_ms));
  }
}

}  // namespace agentry::api
