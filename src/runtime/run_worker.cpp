#include "runtime/run_worker.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <limits>
#include <utility>

#include "core/ids.hpp"
#include "core/instruments.hpp"
#include "core/limits.hpp"
#include "domain/agents.hpp"
#include "domain/runs.hpp"
#include "runtime/await_db.hpp"
#include "runtime/log_failure.hpp"
#include "runtime/run_execution.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {
constexpr std::string_view queued_key = "runs:queued";

std::chrono::milliseconds ms(std::int64_t n) {
  return std::chrono::milliseconds(n);
}
}  // namespace

RunWorker::RunWorker(store::Database& db, const Clock& clock, const pricing::PriceTable& prices,
                     Providers& providers, const secrets::Vault& vault, Notifier& notifier,
                     WorkerOptions options, Logger& log)
    : db_(db),
      clock_(clock),
      prices_(prices),
      providers_(providers),
      vault_(vault),
      notifier_(notifier),
      options_(std::move(options)),
      log_(log) {}

RunWorker::~RunWorker() = default;

void RunWorker::start(std::vector<asio::io_context*> contexts) {
  contexts_ = std::move(contexts);
  instruments::get().run_workers.only().set(options_.max_active);
  wake_ = notifier_.subscribe(std::string(queued_key), contexts_.front()->get_executor());
  asio::co_spawn(*contexts_.front(), dispatch(), [this](const std::exception_ptr& e) {
    log_failure(log_, "run worker stopped: ", e);
  });
}

void RunWorker::stop() {
  stopped_ = true;
  wake();
  std::lock_guard lock(mutex_);
  for (auto& [id, execution] : executions_) execution->interrupt(Execution::shutdown);
}

void RunWorker::finish() {
  wake_.reset();
  std::lock_guard lock(mutex_);
  executions_.clear();
}

void RunWorker::wake() {
  notifier_.notify(std::string(queued_key));
}

void RunWorker::cancel(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto it = executions_.find(id); it != executions_.end()) {
    it->second->interrupt(Execution::cancelled);
  }
}

std::vector<std::string> RunWorker::busy_agents() {
  std::vector<std::string> busy;
  for (const auto& [agent, count] : active_by_agent_) {
    if (count >= options_.max_active_per_agent) busy.push_back(agent);
  }
  return busy;
}

asio::awaitable<void> RunWorker::recover(std::int64_t lapsed_before_ms) {
  for (;;) {
    const std::int64_t now = clock_.now_ms();
    const std::int64_t recovered = co_await db_write(
        db_,
        [&](store::Tx& tx) {
          return runs::recover(tx, lapsed_before_ms, limits::run_claim_batch,
                               options_.max_attempts);
        },
        runs::isolation);
    if (recovered > 0) {
      log_.log("warn", "recovered " + std::to_string(recovered) + " run(s) whose worker stopped (" +
                           std::to_string(now) + ")");
    }
    if (recovered < limits::run_claim_batch) break;
  }
}

asio::awaitable<void> RunWorker::watch_cancels() {
  {
    std::lock_guard lock(mutex_);
    if (executions_.empty()) co_return;
  }
  const auto ids = co_await db_read(
      db_, [&](store::Tx& tx) { return runs::cancelling(tx, limits::run_claim_batch * 16); });
  for (const std::string& id : ids) cancel(id);
}

asio::awaitable<void> RunWorker::dispatch() {
  if (options_.recover_all_at_start) {
    co_await recover(std::numeric_limits<std::int64_t>::max());
  }
  next_recovery_ = std::chrono::steady_clock::now() + ms(options_.lease_ms / 2);
  next_cancel_watch_ = std::chrono::steady_clock::now();
  while (!stopped_) {
    co_await look_after_others();
    std::int64_t free = 0;
    {
      std::lock_guard lock(mutex_);
      free = std::min(options_.max_active - active_, limits::run_claim_batch);
    }
    if (free <= 0) {
      co_await wake_->wait(options_.poll_ms);
      continue;
    }
    auto claimed = co_await claim_batch(free);
    const bool full = static_cast<std::int64_t>(claimed.size()) == free;
    for (auto& run : claimed) launch(std::move(run));
    if (!full) co_await wake_->wait(options_.poll_ms);
  }
}

asio::awaitable<void> RunWorker::look_after_others() {
  if (std::chrono::steady_clock::now() >= next_cancel_watch_) {
    try {
      co_await watch_cancels();
    } catch (const std::exception& e) {
      log_.log("error", std::string("watching for cancels: ") + e.what());
    }
    next_cancel_watch_ = std::chrono::steady_clock::now() + ms(options_.cancel_watch_ms);
  }
  if (std::chrono::steady_clock::now() >= next_recovery_) {
    try {
      co_await recover(clock_.now_ms());
    } catch (const std::exception& e) {
      log_.log("error", std::string("run recovery: ") + e.what());
    }
    next_recovery_ = std::chrono::steady_clock::now() + ms(options_.lease_ms / 2);
  }
}

asio::awaitable<std::vector<store::RunRecord>> RunWorker::claim_batch(std::int64_t free) {
  // The free places of each agent are counted here, on the dispatcher's thread; runs that end
  // meanwhile only free more.
  std::vector<std::string> busy;
  std::map<std::string, std::int64_t> used;
  {
    std::lock_guard lock(mutex_);
    busy = busy_agents();
    used = active_by_agent_;
  }
  auto slots = [&](const std::string& agent) {
    auto it = used.find(agent);
    return options_.max_active_per_agent - (it == used.end() ? 0 : it->second);
  };
  const std::string claim = new_id("clm", clock_.now_ms());
  const std::int64_t now = clock_.now_ms();
  try {
    co_return co_await db_write(
        db_,
        [&](store::Tx& tx) {
          return runs::claim(tx, claim, free, busy, slots, now + options_.lease_ms, now);
        },
        runs::isolation);
  } catch (const std::exception& e) {
    log_.log("error", std::string("claiming runs: ") + e.what());
  }
  co_return std::vector<store::RunRecord>{};
}

void RunWorker::launch(store::RunRecord run) {
  auto& context = *contexts_[next_context_++ % contexts_.size()];
  auto execution = std::make_shared<Execution>(context.get_executor());
  {
    std::lock_guard lock(mutex_);
    ++active_;
    ++active_by_agent_[run.agent_id];
    executions_[run.id] = execution;
    instruments::get().run_workers_busy.only().set(active_);
  }
  // A stop() that came while this run was being claimed did not see its execution: the run
  // goes back to the queue at once instead of running to its time limit.
  if (stopped_) execution->interrupt(Execution::shutdown);
  asio::co_spawn(context, perform(std::move(run), execution),
                 [this](const std::exception_ptr& e) { log_failure(log_, "run execution: ", e); });
}

void RunWorker::finished(const std::string& run_id, const std::string& agent_id) {
  {
    std::lock_guard lock(mutex_);
    --active_;
    if (--active_by_agent_[agent_id] <= 0) active_by_agent_.erase(agent_id);
    executions_.erase(run_id);
    instruments::get().run_workers_busy.only().set(active_);
  }
  wake();
}

}  // namespace agentry::runtime
