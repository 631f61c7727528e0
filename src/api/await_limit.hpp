#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "domain/rate_limiter.hpp"

namespace agentry::api {

// Counts one request with a remote limiter (Redis) and resumes on the caller's executor with the
// decision, so that no I/O thread waits on the network. In-process limiters are simply called.
boost::asio::awaitable<rate_limiter::Decision> check_remote(rate_limiter::Limiter& limiter,
                                                            std::string key, std::int64_t now_ms,
                                                            std::int64_t per_minute,
                                                            std::optional<std::int64_t> per_hour);

}  // namespace agentry::api
