#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <optional>

#include "core/result.hpp"
#include "runtime/provider.hpp"

// The provider call that runs and chat turns share: the model answers, or the call is stopped.
namespace agentry::runtime {

// Calls `provider`, passing the reply's text to `on_delta` as it streams, until the provider
// answers or `stop` fires or is cancelled (a deadline, a cancel, a client gone, a shutdown);
// nullopt when stopped first, and at once when `stopped_already()` (a cancel of `stop` that came
// before its wait began is not seen by the wait). A provider that throws answers unavailable.
boost::asio::awaitable<std::optional<Result<Completion>>> call_provider_until(
    Provider& provider, CompletionRequest request, DeltaSink on_delta,
    boost::asio::steady_timer& stop, const std::function<bool()>& stopped_already);

}  // namespace agentry::runtime
