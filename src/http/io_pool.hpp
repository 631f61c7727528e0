#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace agentry::http {

// N single-threaded io_contexts, one thread each. A connection lives on one context for its
// whole life, so its coroutine, timers and socket never run on two threads at once and need no
// strand; work from elsewhere reaches it by posting to its context.
class IoPool {
 public:
  explicit IoPool(std::size_t threads);
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& context(std::size_t i) { return *contexts_[i]; }
  // The next context, round-robin; called from the accepting thread only.
  boost::asio::io_context& next();

  // Runs every context (the calling thread runs context 0) until stop(); then joins the others.
  void run();
  // Makes run() return; callable from any thread.
  void stop();

 private:
  struct Guard;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<std::unique_ptr<Guard>> guards_;
  std::size_t next_ = 0;
};

}  // namespace agentry::http
