#include "runtime/provider_call.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <string>

namespace agentry::runtime {
namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

asio::awaitable<std::optional<Result<Completion>>> call_provider_until(
    Provider& provider, CompletionRequest request, DeltaSink on_delta, asio::steady_timer& stop,
    const std::function<bool()>& stopped_already) {
  if (stopped_already()) co_return std::nullopt;
  try {
    auto ended = co_await (provider.complete(std::move(request), std::move(on_delta)) ||
                           stop.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (ended.index() == 1) co_return std::nullopt;
    co_return std::move(std::get<0>(ended));
  } catch (const std::exception& e) {
    co_return make_error(Errc::unavailable, std::string("the provider call failed: ") + e.what());
  }
}

}  // namespace agentry::runtime
