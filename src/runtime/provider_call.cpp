#include "runtime/provider_call.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <string>

#include "core/instruments.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

asio::awaitable<std::optional<Result<Completion>>> call_provider_until(
    Provider& provider, CompletionRequest request, DeltaSink on_delta, asio::steady_timer& stop,
    const std::function<bool()>& stopped_already) {
  if (stopped_already()) co_return std::nullopt;
  instruments::Instruments& m = instruments::get();
  const auto started = std::chrono::steady_clock::now();
  auto count = [&](std::string_view outcome) {
    m.provider_calls.with({provider.name(), outcome}).add();
    m.provider_duration.with({provider.name()})
        .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
  try {
    auto ended = co_await (provider.complete(std::move(request), std::move(on_delta)) ||
                           stop.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (ended.index() == 1) {
      count("stopped");
      co_return std::nullopt;
    }
    count(std::get<0>(ended) ? "ok" : "error");
    co_return std::move(std::get<0>(ended));
  } catch (const std::exception& e) {
    count("error");
    co_return make_error(Errc::unavailable, std::string("the provider call failed: ") + e.what());
  }
}

}  // namespace agentry::runtime
