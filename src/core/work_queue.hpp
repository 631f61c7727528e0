#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace agentry {

// A queue of work items served by threads that wait on it (a database's or Redis's own
// connections). Closing it lets the threads drain what is queued, then stop.
template <class T>
class WorkQueue {
 public:
  // Throws std::runtime_error once closed.
  void push(T item) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) throw std::runtime_error("the queue is closed");
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
  }
  // The same, but false once closed, leaving `item` untouched.
  bool try_push(T& item) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return false;
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
    return true;
  }
  // Waits for items and takes up to `max` of them; empty once closed and drained.
  std::vector<T> pop(std::size_t max) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
    return take(max);
  }
  // Takes up to `max` items without waiting: empty when there are none.
  std::vector<T> try_pop(std::size_t max) {
    std::lock_guard lock(mutex_);
    return take(max);
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

 private:
  // Under the lock.
  std::vector<T> take(std::size_t max) {
    std::vector<T> out;
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    return out;
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace agentry
