#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

// Wake-ups: "run X has new events", "a run was queued" — on this node, and from other nodes
// through the database's signals (store::Database::on_signal). The database stays the truth; a
// notification only spares a waiter its next read, so one that is lost costs at most the
// waiter's timeout.
namespace agentry::runtime {

class Notifier {
 public:
  class Subscription;

  // Starts listening for `key` on `executor` (which must run on one thread). Subscribe before
  // reading the state a notification would change, so that nothing falls in between.
  std::unique_ptr<Subscription> subscribe(std::string key,
                                          const boost::asio::any_io_executor& executor);

  // Wakes every subscription of `key`; callable from any thread.
  void notify(const std::string& key);
  // Wakes every subscription: news of any key may have been missed.
  void notify_all();
  // How many notifications there have been, of any key: a read that begins after epoch() was N
  // sees every change whose notification was among the first N.
  std::uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }

 private:
  struct Waiter;
  void remove(const std::string& key, const Waiter* waiter);
  static void wake(const std::shared_ptr<Waiter>& waiter);

  std::atomic<std::uint64_t> epoch_{0};
  std::mutex mutex_;
  std::unordered_multimap<std::string, std::shared_ptr<Waiter>> waiters_;

 public:
  class Subscription {
   public:
    Subscription(Notifier& owner, std::string key, std::shared_ptr<Waiter> waiter);
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    enum class Wake { notified, timed_out };
    // Returns `notified` when notified since the last wait (before or during this one), else
    // `timed_out` after `timeout_ms`. Each notification ends exactly one wait.
    boost::asio::awaitable<Wake> wait(std::int64_t timeout_ms);
    // A call that wakes this subscription as a notification would (from any thread), safe to
    // keep after the subscription is gone: for a stream whose client went away.
    std::function<void()> waker() const;

   private:
    Notifier& owner_;
    std::string key_;
    std::shared_ptr<Waiter> waiter_;
  };
};

}  // namespace agentry::runtime
