#include "http/io_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace agentry::http {

namespace asio = boost::asio;

// Keeps a context's run() going while it has no work.
struct IoPool::Guard {
  explicit Guard(asio::io_context& io) : guard(asio::make_work_guard(io)) {}
  asio::executor_work_guard<asio::io_context::executor_type> guard;
};

IoPool::IoPool(std::size_t threads) {
  if (threads == 0) threads = 1;
  for (std::size_t i = 0; i < threads; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(std::make_unique<Guard>(*contexts_.back()));
  }
}

IoPool::~IoPool() = default;

asio::io_context& IoPool::next() {
  asio::io_context& io = *contexts_[next_];
  next_ = (next_ + 1) % contexts_.size();
  return io;
}

void IoPool::run() {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    threads.emplace_back([io = contexts_[i].get()] { io->run(); });
  }
  contexts_[0]->run();
  for (auto& t : threads) t.join();
}

void IoPool::stop() {
  for (auto& io : contexts_) io->stop();
}

}  // namespace agentry::http
