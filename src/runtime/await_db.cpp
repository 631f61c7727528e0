#include "runtime/await_db.hpp"

namespace agentry::runtime::detail {

namespace asio = boost::asio;

namespace {
// Wrapped so that use_awaitable hands the exception back instead of throwing it: a completion
// signature whose first argument is an exception_ptr would be taken as the operation's error.
struct Outcome {
  std::exception_ptr error;
};
}  // namespace

asio::awaitable<std::exception_ptr> submit(store::Database& db, bool write,
                                           store::Database::Work work,
                                           store::WriteIsolation isolation) {
  auto executor = co_await asio::this_coro::executor;
  Outcome outcome = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Outcome)>(
      [&db, write, isolation, executor](auto handler, store::Database::Work w) {
        // The completion handler is move-only; std::function needs a copyable callable.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        store::Database::Done done = [shared, executor](const std::exception_ptr& e) {
          // Move the handler out before invoking it: the invocation resumes the coroutine, and
          // what stays behind in `shared` (released later, possibly on this database thread)
          // must then be an empty shell.
          asio::post(executor, [shared, e]() mutable {
            auto resume = std::move(*shared);
            resume(Outcome{e});
          });
        };
        if (write) {
          db.submit_write(std::move(w), std::move(done), isolation);
        } else {
          db.submit_read(std::move(w), std::move(done));
        }
      },
      asio::use_awaitable, std::move(work));
  co_return outcome.error;
}

}  // namespace agentry::runtime::detail
