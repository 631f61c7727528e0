#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// Callers that need the same value at the same time share one fetch of it: the first fetches,
// the others wait for its result. A fetch serves only callers it is recent enough for: each call
// names the version of the data it must see (a count that grows with every change, read before
// the call), and joins a fetch only if that fetch began at that version or later.
namespace agentry::api {

template <class T>
class SharedFetches {
 public:
  // `keep_for`: how long an ended fetch's value still serves later callers at its version (0:
  // not at all — the next caller fetches again).
  explicit SharedFetches(std::chrono::steady_clock::duration keep_for) : keep_for_(keep_for) {}

  // The value `fetch()` brings for `key`, from a fetch of `key` that began at `version` or later
  // — one under way, or one that ended within keep_for — else from `fetch()` here, which later
  // callers may join likewise. `fetched`, when given, tells whether this call fetched. An
  // exception of the fetch reaches every caller and is not kept.
  boost::asio::awaitable<T> get(const std::string& key, std::uint64_t version,
                                const std::function<boost::asio::awaitable<T>()>& fetch,
                                bool* fetched = nullptr) {
    namespace asio = boost::asio;
    auto executor = co_await asio::this_coro::executor;
    std::shared_ptr<Waiter> waiter;
    std::shared_ptr<Flight> flight;
    {
      const std::lock_guard lock(mutex_);
      forget_old(std::chrono::steady_clock::now());
      auto it = flights_.find(key);
      if (it != flights_.end() && it->second->version >= version) {
        // A fetch that already ended serves at once.
        if (it->second->value) {
          if (fetched) *fetched = false;
          co_return *it->second->value;
        }
        waiter = std::make_shared<Waiter>(executor);
        it->second->waiters.push_back(waiter);
      } else {
        flight = std::make_shared<Flight>();
        flight->version = version;
        // A flight too old for this caller stays under way for its own; this one takes the key.
        flights_[key] = flight;
      }
    }
    if (fetched) *fetched = !waiter;
    if (waiter) {
      // The fetcher posts the timer's cancel to this executor, which runs only once this
      // coroutine is suspended in the wait below: the cancel cannot come before it.
      co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
      if (waiter->error) std::rethrow_exception(waiter->error);
      co_return std::move(*waiter->value);
    }
    std::optional<T> value;
    std::exception_ptr error;
    try {
      value = co_await fetch();
    } catch (...) {
      error = std::current_exception();
    }
    std::vector<std::shared_ptr<Waiter>> waiters;
    {
      const std::lock_guard lock(mutex_);
      auto it = flights_.find(key);
      if (it != flights_.end() && it->second == flight) {
        if (error || keep_for_.count() == 0) {
          flights_.erase(it);
        } else {
          flight->value = *value;  // kept a moment for the callers still to ask (forget_old)
          flight->ended = std::chrono::steady_clock::now();
        }
      }
      waiters = std::move(flight->waiters);
    }
    for (const auto& w : waiters) {
      if (error) {
        w->error = error;
      } else {
        w->value = *value;
      }
      asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
    }
    if (error) std::rethrow_exception(error);
    co_return std::move(*value);
  }

 private:
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& executor)
        : timer(executor, boost::asio::steady_timer::time_point::max()) {}
    boost::asio::steady_timer timer;
    std::optional<T> value;
    std::exception_ptr error;
  };
  struct Flight {
    std::uint64_t version = 0;
    std::vector<std::shared_ptr<Waiter>> waiters;
    std::optional<T> value;  // once the fetch has ended (kept only with keep_for)
    std::chrono::steady_clock::time_point ended;
  };

  // Drops the values kept longer than keep_for, at most once per keep_for; under the lock.
  void forget_old(std::chrono::steady_clock::time_point now) {
    if (keep_for_.count() == 0 || now < next_sweep_) return;
    next_sweep_ = now + keep_for_;
    std::erase_if(flights_, [&](const auto& entry) {
      return entry.second->value && now - entry.second->ended >= keep_for_;
    });
  }

  const std::chrono::steady_clock::duration keep_for_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point next_sweep_;
  std::map<std::string, std::shared_ptr<Flight>, std::less<>> flights_;
};

}  // namespace agentry::api
