#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

#include "api/route.hpp"
#include "core/error.hpp"
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
  // Authentication, rate limit and scope: the error to answer with, or nothing to go on.
  boost::asio::awaitable<std::optional<Error>> admit(Call& call, std::optional<RateDecision>& rate);
  // Finds the principal of `key` (cache, then database) and checks expiry.
  boost::asio::awaitable<std::optional<Error>> authenticate(Call& call, const std::string& key);
  // Claims the Idempotency-Key; a response means "answer this instead of running the handler".
  boost::asio::awaitable<std::optional<http::Response>> claim_idempotency(Call& call,
                                                                          const std::string& key);

  Services& services_;
  std::vector<RouteSpec> routes_;
  http::Router router_;
};

}  // namespace agentry::api
