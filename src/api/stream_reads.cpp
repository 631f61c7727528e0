#include "api/stream_reads.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace agentry::api {
namespace asio = boost::asio;

asio::awaitable<StreamBatch> StreamReads::read(
    const std::string& key, const std::function<asio::awaitable<StreamBatch>()>& fetch) {
  // A fetch that begins after this count of signals sees every change they announced.
  const std::uint64_t epoch = notifier_.epoch();
  auto executor = co_await asio::this_coro::executor;
  std::shared_ptr<Waiter> waiter;
  std::shared_ptr<Flight> flight;
  {
    const std::lock_guard lock(mutex_);
    forget_old(std::chrono::steady_clock::now());
    auto it = flights_.find(key);
    if (it != flights_.end() && it->second->epoch >= epoch) {
      // A fetch that already ended serves at once (SQLite reads on the caller's thread: each
      // fetch ends before the next stream asks).
      if (it->second->batch) co_return *it->second->batch;
      waiter = std::make_shared<Waiter>(executor);
      it->second->waiters.push_back(waiter);
    } else {
      flight = std::make_shared<Flight>();
      flight->epoch = epoch;
      // A flight too old for this caller stays under way for its own; this one takes the key.
      flights_[key] = flight;
    }
  }
  if (waiter) {
    // The leader posts the timer's cancel to this executor, which runs only once this
    // coroutine is suspended in the wait below: the cancel cannot come before it.
    co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (waiter->error) std::rethrow_exception(waiter->error);
    co_return std::move(*waiter->batch);
  }
  std::optional<StreamBatch> batch;
  std::exception_ptr error;
  try {
    batch = co_await fetch();
  } catch (...) {
    error = std::current_exception();
  }
  std::vector<std::shared_ptr<Waiter>> waiters;
  {
    const std::lock_guard lock(mutex_);
    auto it = flights_.find(key);
    if (it != flights_.end() && it->second == flight) {
      if (error) {
        flights_.erase(it);
      } else {
        // Kept a moment for the streams still to ask (forget_old).
        flight->batch = *batch;
        flight->ended = std::chrono::steady_clock::now();
      }
    }
    waiters = std::move(flight->waiters);
  }
  for (const auto& w : waiters) {
    if (error) {
      w->error = error;
    } else {
      w->batch = *batch;
    }
    asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
  }
  if (error) std::rethrow_exception(error);
  co_return std::move(*batch);
}

void StreamReads::forget_old(std::chrono::steady_clock::time_point now) {
  if (now < next_sweep_) return;
  next_sweep_ = now + keep_for;
  std::erase_if(flights_, [&](const auto& entry) {
    return entry.second->batch && now - entry.second->ended >= keep_for;
  });
}

}  // namespace agentry::api
