#include "api/await_limit.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

namespace agentry::api {

namespace asio = boost::asio;

asio::awaitable<rate_limiter::Decision> check_remote(rate_limiter::Limiter& limiter,
                                                     std::string key, std::int64_t now_ms,
                                                     std::int64_t per_minute,
                                                     std::optional<std::int64_t> per_hour) {
  auto executor = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&,
                                          void(rate_limiter::Decision)>(
      [&](auto handler) {
        // As in await_db.cpp: std::function needs a copyable callable, and the handler is moved
        // out before it resumes the coroutine.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        limiter.check_async(std::move(key), now_ms, per_minute, per_hour,
                            [shared, executor](rate_limiter::Decision decision) {
                              asio::post(executor, [shared, decision]() mutable {
                                auto resume = std::move(*shared);
                                resume(decision);
                              });
                            });
      },
      asio::use_awaitable);
}

}  // namespace agentry::api
