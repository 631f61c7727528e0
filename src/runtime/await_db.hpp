#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

#include "core/result.hpp"
#include "store/database.hpp"

// Awaiting the store from coroutines: the work runs on the database's threads and the coroutine
// resumes on its own executor, so I/O threads never block on SQL.
namespace agentry::runtime {

namespace detail {
// Counts a transaction of `write` kind that took since `started` in the metrics.
void observe(bool write, std::chrono::steady_clock::time_point started);
boost::asio::awaitable<std::exception_ptr> submit(
    store::Database& db, bool write, store::Database::Work work,
    store::WriteIsolation isolation = store::WriteIsolation::serializable);
}  // namespace detail

// Resumes once this node has heard of every change committed before the call, through any
// node (Database::catch_up): a cache checked afterwards is as current as the database was then.
// At once where only this node writes.
boost::asio::awaitable<void> caught_up(store::Database& db);

// Runs `work(Tx&)` in a write transaction and returns its value. When it returns an error
// Result, its changes are rolled back. Engine failures are rethrown.
template <class F>
auto db_write(store::Database& db, F work,
              store::WriteIsolation isolation = store::WriteIsolation::serializable)
    -> boost::asio::awaitable<std::invoke_result_t<F&, store::Tx&>> {
  using R = std::invoke_result_t<F&, store::Tx&>;
  std::optional<R> out;
  std::exception_ptr error = co_await detail::submit(
      db, true,
      [&out, &work](store::Tx& tx) {
        out.emplace(work(tx));
        if constexpr (IsResult<R>::value) {
          if (!out->has_value()) tx.set_rollback_only();
        }
      },
      isolation);
  if (error) std::rethrow_exception(error);
  co_return std::move(*out);
}

// Runs `work(Tx&)` in a read-only transaction and returns its value: on this thread when the
// engine reads inline (SQLite), else on the database's threads.
template <class F>
auto db_read(store::Database& db, F work)
    -> boost::asio::awaitable<std::invoke_result_t<F&, store::Tx&>> {
  using R = std::invoke_result_t<F&, store::Tx&>;
  std::optional<R> out;
  auto run = [&out, &work](store::Tx& tx) { out.emplace(work(tx)); };
  if (db.reads_inline()) {
    const auto started = std::chrono::steady_clock::now();
    db.read_here(run);
    detail::observe(false, started);
    co_return std::move(*out);
  }
  std::exception_ptr error = co_await detail::submit(db, false, run);
  if (error) std::rethrow_exception(error);
  co_return std::move(*out);
}

}  // namespace agentry::runtime
