#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <memory>

#include "runtime/run_worker.hpp"

namespace agentry::runtime {

// One run executing on this node. `stop` fires at the run's deadline, or is cancelled (with
// `reason` set first) to stop the run now.
struct RunWorker::Execution : std::enable_shared_from_this<Execution> {
  enum Reason : int { deadline = 0, cancelled = 1, shutdown = 2, too_large = 3 };
  explicit Execution(boost::asio::any_io_executor executor) : stop(std::move(executor)) {}
  void interrupt(Reason why) {
    reason = why;
    // The timer belongs to its executor's thread; the run may end before the post is served.
    boost::asio::post(stop.get_executor(), [self = shared_from_this()] { self->stop.cancel(); });
  }
  boost::asio::steady_timer stop;
  std::atomic<int> reason{deadline};
};

}  // namespace agentry::runtime
