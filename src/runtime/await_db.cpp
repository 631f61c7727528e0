#include "runtime/await_db.hpp"

#include <atomic>

#include "core/instruments.hpp"
#include "runtime/db_queue.hpp"

namespace agentry::runtime {

namespace asio = boost::asio;

namespace {
// A copyable callable (std::function needs one; the completion handler is move-only) that
// resumes the coroutine behind `handler` on `executor`, called on a database thread. The handler
// is moved out before it runs: the run resumes the coroutine, and what stays behind (released
// later, maybe on the database thread) must then be an empty shell.
template <class Handler>
auto resume_on(asio::any_io_executor executor, Handler handler) {
  auto shared = std::make_shared<Handler>(std::move(handler));
  return [shared, executor](auto... args) {
    asio::post(executor, [shared, args...]() mutable {
      auto resume = std::move(*shared);
      resume(args...);
    });
  };
}
}  // namespace

std::int64_t transactions_waiting() {
  const instruments::Instruments& m = instruments::get();
  return m.db_writer_queue.only().value() + m.db_reader_queue.only().value();
}

asio::awaitable<void> caught_up(store::Database& db) {
  if (!db.shared()) co_return;
  auto executor = co_await asio::this_coro::executor;
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [&db, executor](auto handler) { db.catch_up(resume_on(executor, std::move(handler))); },
      asio::use_awaitable);
}

}  // namespace agentry::runtime

namespace agentry::runtime::detail {

namespace {
// Wrapped so that use_awaitable hands the exception back instead of throwing it: a completion
// signature whose first argument is an exception_ptr would be taken as the operation's error.
struct Outcome {
  std::exception_ptr error;
};
}  // namespace

void observe(bool write, std::chrono::steady_clock::time_point started) {
  instruments::get()
      .db_transaction.with({write ? "write" : "read"})
      .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

asio::awaitable<std::exception_ptr> submit(store::Database& db, bool write,
                                           store::Database::Work work,
                                           store::WriteIsolation isolation) {
  const auto submitted = std::chrono::steady_clock::now();
  // A transaction waits in the queue until its work first runs (or it is dropped at close).
  // `waiting` outlives both callers of leave_queue: the work runs, and `done` is called, before
  // this coroutine resumes. (Only trivially destructible captures go into the co_await
  // expression below: GCC 12 destroys the others' temporaries twice.)
  instruments::Instruments& m = instruments::get();
  metrics::Gauge* queue = write ? &m.db_writer_queue.only() : &m.db_reader_queue.only();
  std::atomic<bool> waiting{true};
  std::atomic<bool>* const waiting_at = &waiting;
  auto leave_queue = [queue, waiting_at] {
    if (waiting_at->exchange(false)) queue->add(-1);
  };
  queue->add(1);
  work = [leave_queue, inner = std::move(work)](store::Tx& tx) {
    leave_queue();
    inner(tx);
  };
  auto executor = co_await asio::this_coro::executor;
  Outcome outcome = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Outcome)>(
      [&db, write, isolation, executor, leave_queue](auto handler, store::Database::Work w) {
        store::Database::Done done = [resume = resume_on(executor, std::move(handler)),
                                      leave_queue](const std::exception_ptr& e) {
          leave_queue();
          resume(Outcome{e});
        };
        if (write) {
          db.submit_write(std::move(w), std::move(done), isolation);
        } else {
          db.submit_read(std::move(w), std::move(done));
        }
      },
      asio::use_awaitable, std::move(work));
  observe(write, submitted);
  co_return outcome.error;
}

}  // namespace agentry::runtime::detail
