#pragma once

#include <boost/asio/awaitable.hpp>

#include <vector>

#include "api/route.hpp"
#include "http/router.hpp"

namespace agentry::api {

// The request pipeline in front of every route: routing → authentication → rate limit → scope →
// body parsing and schema validation → idempotency → handler. Each step answers with the error
// envelope when it refuses.
class Api {
 public:
  // Throws std::logic_error when two routes collide or a schema is not valid JSON.
  Api(Services& services, std::vector<RouteSpec> routes);

  boost::asio::awaitable<http::Response> handle(http::Request request);

  const std::vector<RouteSpec>& routes() const { return routes_; }

 private:
  Services& services_;
  std::vector<RouteSpec> routes_;
  http::Router router_;
};

}  // namespace agentry::api
