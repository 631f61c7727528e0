#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "domain/agent_tools.hpp"
#include "domain/pricing.hpp"
#include "domain/runs.hpp"
#include "domain/secrets.hpp"
#include "runtime/notifier.hpp"
#include "runtime/providers.hpp"
#include "store/database.hpp"
#include "store/run_records.hpp"

namespace agentry::runtime {

struct WorkerOptions {
  std::int64_t max_active = 64;           // runs executing at once on this node
  std::int64_t max_active_per_agent = 8;  // of one agent, on this node
  std::int64_t lease_ms = 30'000;
  std::int64_t poll_ms = 250;  // how often to look for runs queued by other nodes
  // How often to look for this node's runs cancelled through another node.
  std::int64_t cancel_watch_ms = 1000;
  std::int64_t max_attempts = 2;
  std::int64_t fee_bps = 1000;
  // Recover every active run at start: right when no other node can hold one (SQLite).
  bool recover_all_at_start = false;
  // Development: remote agents at http:// loopback endpoints (the guarded client's setting).
  bool allow_loopback_http = false;
  // The terms a delegated run (ask_agent) is priced on, as its payer's own run would be; without
  // it runs are not offered ask_agent.
  std::function<runs::Terms(store::Tx& tx, const std::string& account_id)> terms_of;
};

// Executes queued runs: claims them from the store (a batch at a time, within the concurrency
// limits), runs each as a coroutine on one of the I/O contexts, streams its output into the
// run's events, renews its lease, stops it on cancel, timeout or shutdown, and settles it in one
// transaction with its money. Runs whose worker died are recovered when their lease lapses.
class RunWorker {
 public:
  RunWorker(store::Database& db, const Clock& clock, const pricing::PriceTable& prices,
            Providers& providers, const secrets::Vault& vault, Notifier& notifier,
            WorkerOptions options, Logger& log);
  ~RunWorker();

  // Starts claiming on contexts[0]; runs are spread over all of `contexts`.
  void start(std::vector<boost::asio::io_context*> contexts);
  // Stops claiming and asks every run executing here to stop; they go back to the queue.
  void stop();
  // After the I/O threads have stopped, before their io_contexts go: releases the timers.
  void finish();

  // A run was queued: claim without waiting for the next poll. Any thread.
  void wake();
  // A cancel of run `id` committed: stop its execution if it runs here. Any thread.
  void cancel(const std::string& id);

 private:
  struct Execution;
  // The dispatcher: claims queued runs while there is room and launches each; between batches,
  // looks after runs of other nodes and waits to be woken or for the next poll.
  boost::asio::awaitable<void> dispatch();
  // Every cancel_watch_ms, stops runs cancelled through another node; every half lease,
  // recovers runs whose worker died.
  boost::asio::awaitable<void> look_after_others();
  // Claims up to `free` queued runs, within each agent's concurrency limit.
  boost::asio::awaitable<std::vector<store::RunRecord>> claim_batch(std::int64_t free);
  // Starts executing a claimed run on the next I/O context.
  void launch(store::RunRecord run);
  boost::asio::awaitable<void> recover(std::int64_t lapsed_before_ms);
  // Stops this node's runs that a cancel through another node put in cancelling.
  boost::asio::awaitable<void> watch_cancels();
  // Executes one claimed run and settles it.
  boost::asio::awaitable<void> perform(store::RunRecord run, std::shared_ptr<Execution> exec);
  // Calls the hosted agent's model; the outcome, and output not yet written in `pending`.
  struct Attempt;
  boost::asio::awaitable<void> call_model(const store::RunRecord& run, Execution& exec,
                                          Attempt& attempt);
  // An ask_agent call of `parent`'s model (`so_far`: what its calls have used): queues the child
  // run (delegation::delegate) to end by the parent's deadline, wakes the workers, waits for it to
  // end and answers its output. `parent` learns what it handed over (delegated_micro).
  boost::asio::awaitable<agent_tools::Answer> ask_member(store::RunRecord& parent, ToolCall call,
                                                         Completion so_far);
  // Beside the call: writes the output gathered in `attempt` every run_flush_ms and renews the
  // run's lease, until the lease is lost or a cancel through another node is found.
  enum class Interrupted { cancelling, lost };
  boost::asio::awaitable<Interrupted> keep_run(const std::string& id, const std::string& claim,
                                               Attempt& attempt);
  // Calls the remote agent's endpoint; the outcome, or a hand-off when it answers 202.
  boost::asio::awaitable<void> call_remote(const store::RunRecord& run, Execution& exec,
                                           Attempt& attempt, std::int64_t deadline_ms);
  // The outcome of a run stopped by its Execution (cancel, shutdown, size or time limit).
  static void stopped(const Execution& exec, const store::RunRecord& run, Attempt& attempt);
  void finished(const std::string& run_id, const std::string& agent_id);
  std::vector<std::string> busy_agents();

  store::Database& db_;
  const Clock& clock_;
  const pricing::PriceTable& prices_;
  Providers& providers_;
  const secrets::Vault& vault_;
  Notifier& notifier_;
  WorkerOptions options_;
  Logger& log_;
  std::vector<boost::asio::io_context*> contexts_;
  std::size_t next_context_ = 0;
  std::unique_ptr<Notifier::Subscription> wake_;
  std::atomic<bool> stopped_{false};
  // When look_after_others next watches and recovers; the dispatcher's alone.
  std::chrono::steady_clock::time_point next_cancel_watch_;
  std::chrono::steady_clock::time_point next_recovery_;

  std::mutex mutex_;
  std::int64_t active_ = 0;
  std::map<std::string, std::int64_t> active_by_agent_;
  std::map<std::string, std::shared_ptr<Execution>> executions_;
};

}  // namespace agentry::runtime
