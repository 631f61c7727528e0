#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>

#include "api/route.hpp"
#include "core/result.hpp"
#include "store/run_records.hpp"

// Waiting for a run of the caller's, as POST /v1/execute and the surfaces that answer with a
// run's result do.
namespace agentry::api {

// The caller's run `id` once it has ended, or as it is when `timeout_ms` has passed: woken by
// the run's own notifications, with a poll for a missed one. Errors: not_found.
boost::asio::awaitable<Result<store::RunRecord>> await_run_end(Call& call, const std::string& id,
                                                               std::int64_t timeout_ms);

}  // namespace agentry::api
