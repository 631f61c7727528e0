#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/route.hpp"
#include "http/message.hpp"

// GET /metrics: the server's metrics in the Prometheus text format, on the main port for keys
// with the metrics (or admin) scope, and on --metrics-listen without a key.
namespace agentry::api {

inline constexpr std::string_view prometheus_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

// The exposition, with the figures read at scrape time brought up to date first: open runs by
// state from the store, this process's memory and file descriptors.
boost::asio::awaitable<http::Response> prometheus_reply(Services& services);

}  // namespace agentry::api
