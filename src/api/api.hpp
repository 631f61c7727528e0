#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/cors.hpp"
#include "api/in_flight_keys.hpp"
#include "api/route.hpp"
#include "api/shared_fetches.hpp"
#include "core/error.hpp"
#include "http/router.hpp"

namespace agentry::api {

// A route called from inside another request (an MCP tool call): its caller is authenticated
// and counted against its rate limit already.
struct Invocation {
  std::shared_ptr<const auth::Principal> principal;
  const plans::Plan* plan = nullptr;
  std::string request_id;
  std::string remote_address;
  std::string operation_id;                                      // the route's
  std::vector<std::pair<std::string, std::string>> path_params;  // decoded values
  std::vector<std::pair<std::string, std::string>> query;        // decoded names and values
  boost::json::value body;                                       // null: none
};

// The request pipeline in front of every route: routing → authentication → rate limit → scope →
// body parsing and schema validation → idempotency → handler. Each step answers with the error
// envelope when it refuses.
class Api {
 public:
  // Throws std::logic_error when two routes collide or a schema is not valid JSON. Each stream
  // route (GET, text/event-stream) also takes ?token= (a stream token) in place of a key.
  Api(Services& services, std::vector<RouteSpec> routes, CorsPolicy cors = {});

  // Answers a request: CORS (when origins are allowed) around answer_routed().
  boost::asio::awaitable<http::Response> handle(http::Request request);

  // Runs the route named `operation_id` for the invocation's principal as the pipeline would
  // after authentication: the scope, the query and the body are checked, then the handler runs
  // (its change recorded in the activity log). The answer is the route's own: a refusal in its
  // error shape. Throws std::logic_error for an operation no route has.
  boost::asio::awaitable<http::Response> invoke(Invocation invocation);

  // The native route named `operation_id` (not a /compat/ surface's), or nullptr.
  const RouteSpec* route_named(std::string_view operation_id) const;

  const std::vector<RouteSpec>& routes() const { return routes_; }

 private:
  // Authentication, rate limit and scope: the error to answer with, or nothing to go on.
  boost::asio::awaitable<std::optional<Error>> admit(Call& call,
                                                     std::optional<rate_limiter::Decision>& rate);
  // Finds the principal of `key` (cache, then database) and checks expiry.
  boost::asio::awaitable<std::optional<Error>> authenticate(
      Call& call, const std::string& key, std::optional<rate_limiter::Decision>& rate);
  // Counts a call without a key (open signup, a surface's open routes) against its client
  // address at the default plan's rate.
  boost::asio::awaitable<std::optional<Error>> limit_anonymous(
      Call& call, std::optional<rate_limiter::Decision>& rate);
  // Spends the stream token `token` on this request's path: its key's principal, as the key is
  // now. Counted against the client address like an unknown key.
  boost::asio::awaitable<std::optional<Error>> redeem_stream_token(
      Call& call, const std::string& token, std::optional<rate_limiter::Decision>& rate);
  // Resolves the dashboard session whose cookie holds `token`: its key's principal, as the key
  // is now; a change needs the session's CSRF token. An unknown session counts against the
  // client address like an unknown key.
  boost::asio::awaitable<std::optional<Error>> admit_session(
      Call& call, const std::string& token, std::optional<rate_limiter::Decision>& rate);
  // Counts one request against the client address's bucket `kind`; rate_limit_exceeded past it.
  boost::asio::awaitable<std::optional<Error>> limit_client(
      Call& call, std::string_view kind, std::int64_t per_minute,
      std::optional<std::int64_t> per_hour, std::optional<rate_limiter::Decision>& rate);
  // Looks the Idempotency-Key up and holds it on this node; a response means "answer this
  // instead of running the handler".
  boost::asio::awaitable<std::optional<http::Response>> admit_idempotent(Call& call,
                                                                         InFlightKeys::Hold& hold);
  // The answer stored under the call's key by the request that took it first.
  boost::asio::awaitable<http::Response> answer_stored(Call& call);
  // Runs the handler; with an Idempotency-Key, stores its answer unless the handler did so.
  boost::asio::awaitable<http::Response> run_handler(Call& call);
  // Routes the request and answers it, counting it in the metrics.
  boost::asio::awaitable<http::Response> answer_routed(http::Request request);
  // The pipeline for a request that `match` found a route for.
  boost::asio::awaitable<http::Response> answer(http::Request request, http::Router::Match match);

  // What looking a key up found: its principal (none: no such key), or the refusal of a key
  // new to this node by its client address's limit.
  struct KeyLookup {
    std::optional<auth::Principal> principal;
    std::optional<Error> refused;
  };

  Services& services_;
  InFlightKeys in_flight_;
  // Requests that bring a key this node has not cached share one lookup of it (a node just
  // started, a key just made, under load): the database reads it once.
  SharedFetches<KeyLookup> key_lookups_{std::chrono::steady_clock::duration::zero()};
  std::vector<RouteSpec> routes_;
  http::Router router_;
  std::vector<const ErrorShape*> surfaces_;  // the shapes of surfaces with a prefix of their own
  CorsPolicy cors_;
};

}  // namespace agentry::api
