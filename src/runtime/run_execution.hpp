#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <memory>

#include "domain/runs.hpp"
#include "runtime/run_worker.hpp"

namespace agentry::runtime {

// One run executing on this node. `stop` fires at the run's deadline, or is cancelled (with
// `reason` set first) to stop the run now.
struct RunWorker::Execution : std::enable_shared_from_this<Execution> {
  enum Reason : int { deadline = 0, cancelled = 1, shutdown = 2, too_large = 3 };
  explicit Execution(const boost::asio::any_io_executor& executor) : stop(executor) {}
  void interrupt(Reason why) {
    reason = why;
    // The timer belongs to its executor's thread; the run may end before the post is served.
    boost::asio::post(stop.get_executor(), [self = shared_from_this()] { self->stop.cancel(); });
  }
  boost::asio::steady_timer stop;
  std::atomic<int> reason{deadline};
};

// An execution's state, shared by its branches.
struct RunWorker::Attempt {
  runs::Outcome outcome;
  std::string pending;         // output not yet written to the run's events
  std::size_t bytes = 0;       // output received in all
  bool abandon = false;        // the claim is lost: someone else settles the run
  bool requeue = false;        // the worker is shutting down: back to the queue
  bool hand_off = false;       // a remote agent took the run and reports through the API
  std::string provider_note;   // the provider call, for the run's log; empty when none was made
  std::string retrieval_note;  // the knowledge retrieved for the prompt, for the run's log
};

inline runs::Outcome failure(std::string code, std::string message) {
  runs::Outcome o;
  o.kind = runs::Outcome::Kind::failed;
  o.error_code = std::move(code);
  o.error_message = std::move(message);
  return o;
}

}  // namespace agentry::runtime
