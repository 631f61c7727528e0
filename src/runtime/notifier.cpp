#include "runtime/notifier.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

namespace agentry::runtime {
namespace asio = boost::asio;

struct Notifier::Waiter {
  explicit Waiter(const asio::any_io_executor& executor) : timer(executor) {}
  asio::steady_timer timer;
  std::atomic<bool> notified{false};
};

std::unique_ptr<Notifier::Subscription> Notifier::subscribe(std::string key,
                                                            const asio::any_io_executor& executor) {
  auto waiter = std::make_shared<Waiter>(executor);
  {
    std::lock_guard lock(mutex_);
    waiters_.emplace(key, waiter);
  }
  return std::make_unique<Subscription>(*this, std::move(key), std::move(waiter));
}

void Notifier::notify(const std::string& key) {
  epoch_.fetch_add(1, std::memory_order_acq_rel);
  std::lock_guard lock(mutex_);
  auto [first, last] = waiters_.equal_range(key);
  for (auto it = first; it != last; ++it) wake(it->second);
}

void Notifier::notify_all() {
  epoch_.fetch_add(1, std::memory_order_acq_rel);
  std::lock_guard lock(mutex_);
  for (const auto& [key, waiter] : waiters_) wake(waiter);
}

void Notifier::wake(const std::shared_ptr<Waiter>& waiter) {
  if (waiter->notified.exchange(true)) return;  // already woken, not yet consumed
  // The timer belongs to its executor's thread: cancel it there.
  asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
}

void Notifier::remove(const std::string& key, const Waiter* waiter) {
  std::lock_guard lock(mutex_);
  auto [first, last] = waiters_.equal_range(key);
  for (auto it = first; it != last; ++it) {
    if (it->second.get() == waiter) {
      waiters_.erase(it);
      return;
    }
  }
}

Notifier::Subscription::Subscription(Notifier& owner, std::string key,
                                     std::shared_ptr<Waiter> waiter)
    : owner_(owner), key_(std::move(key)), waiter_(std::move(waiter)) {}

Notifier::Subscription::~Subscription() {
  owner_.remove(key_, waiter_.get());
}

std::function<void()> Notifier::Subscription::waker() const {
  return [waiter = waiter_] { wake(waiter); };
}

asio::awaitable<Notifier::Subscription::Wake> Notifier::Subscription::wait(
    std::int64_t timeout_ms) {
  if (waiter_->notified.exchange(false)) co_return Wake::notified;
  waiter_->timer.expires_after(std::chrono::milliseconds(timeout_ms));
  co_await waiter_->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  // A notification cancels the timer; one that came just as the timer expired is taken here
  // rather than left for the next wait.
  co_return waiter_->notified.exchange(false) ? Wake::notified : Wake::timed_out;
}

}  // namespace agentry::runtime
