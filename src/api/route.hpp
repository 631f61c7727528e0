#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/stream_slots.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/plans.hpp"
#include "domain/pricing.hpp"
#include "domain/rate_limiter.hpp"
#include "domain/secrets.hpp"
#include "domain/usage_counter.hpp"
#include "http/message.hpp"
#include "store/database.hpp"
#include "store/read_cache.hpp"
#include "store/records.hpp"

namespace agentry::runtime {
class RunWorker;
class DeliveryWorker;
class ScheduleWorker;
class Notifier;
class Providers;
}  // namespace agentry::runtime

namespace agentry::api {

struct ApiOptions {
  bool open_signup = false;                    // anyone may POST /v1/accounts
  std::string default_plan = "free";           // the plan of accounts created without one
  std::string version;                         // reported by /healthz and the OpenAPI document
  std::int64_t signup_credits = 100'000'000;   // micro-credits granted to each new account
  std::int64_t fee_bps = 1000;                 // the platform's share of a task, in 1/100 %
  bool allow_loopback_http_endpoints = false;  // development: remote agents at http://localhost
  // Requests per minute from one client address that present no key, or one not yet known to
  // this node (a bad key's lookup): a flood of made-up keys is refused before the database.
  std::int64_t unauthenticated_per_minute = 60;
  bool schedule_seconds = false;  // schedules' cron expressions may have a seconds field
  // A request with a key that arrives while this many transactions wait for the database is
  // refused with 503 and Retry-After (0: never), so that latency stays bounded under a flood.
  std::int64_t max_waiting_transactions = 0;
};

class StreamReads;

// What handlers share: long-lived services, owned by the app.
struct Services {
  store::Database& db;
  const Clock& clock;
  const plans::Catalog& catalog;
  rate_limiter::Limiter& limiter;
  auth::KeyCache& keys;
  store::ReadCache<store::AgentRecord>& agents;  // agents by id, any account's
  usage::RequestCounter& requests;               // authenticated requests per account and day
  const secrets::Vault& vault;                   // seals and opens account secrets
  StreamSlots& streams;                          // live streams open per account
  StreamReads& stream_reads;                     // one read for the streams at one place
  const pricing::PriceTable& prices;             // what models' tokens cost
  runtime::RunWorker& worker;                    // executes runs on this node
  runtime::DeliveryWorker& deliveries;           // sends webhook deliveries from this node
  runtime::ScheduleWorker& schedules;            // fires schedules; sends their chat messages
  runtime::Notifier& notifier;                   // wakes streams and waits on this node
  runtime::Providers& providers;                 // LLM providers, for chat
  Logger& log;                                   // the server's log, for failures no reply shows
  ApiOptions options;
  std::atomic<bool> ready{true};
};

struct RouteSpec;

// A request sent with an Idempotency-Key, as the pipeline has admitted it.
struct IdempotentRequest {
  std::string key;
  std::string request_hash;  // of the method, the path and the body as canonical JSON
  std::string resume;        // set when an earlier attempt began this operation: its resource id
  bool kept = false;         // the answer was stored with the request's effect
};

// One request on its way through the pipeline, as a handler sees it.
struct Call {
  http::Request request;
  Services& services;
  const RouteSpec& route;
  std::shared_ptr<const auth::Principal> principal;  // set for every route that takes a key
  const plans::Plan* plan = nullptr;                 // the principal's plan
  boost::json::value body;                           // the validated body, or null
  std::vector<std::pair<std::string, std::string>> query;
  std::int64_t now_ms = 0;
  std::optional<IdempotentRequest> idempotency;  // a POST with an Idempotency-Key
  bool activity_recorded = false;                // the change is in the activity log

  std::string param(std::string_view name) const { return std::string(request.path_param(name)); }
  std::optional<std::string> query_value(std::string_view name) const;
  // The validated body's string field `name`, if it has one.
  std::optional<std::string> body_string(std::string_view name) const;
  const std::string& account_id() const { return principal->account_id; }
};

using Handler = std::function<boost::asio::awaitable<http::Response>(Call&)>;

// Who may call a route.
enum class Access {
  open,          // no key needed
  key,           // a valid key; `scope` when set must be granted
  optional_key,  // a key is checked when one is sent; without one the handler decides
};

// How a surface other than /v1 answers in its own forms (OpenAI's or Anthropic's error shape,
// a seed system's under /compat/...): the error body, and where the forms differ, the status,
// the rate-limit headers and the unknown paths under its prefix.
enum class ResetForm {
  unix_seconds,  // X-RateLimit-Reset: 1742220060
  iso8601,       // X-RateLimit-Reset: 2026-01-04T15:30:00Z
};

struct ErrorShape {
  std::string schema;  // the component schema of the body, in the OpenAPI document
  std::string (*body)(const ErrorShape& shape, unsigned status, const Error& error,
                      std::string_view request_id) = nullptr;
  // The surface's status for a native one (a surface that documents fewer); nullptr: the same.
  unsigned (*status)(unsigned native) = nullptr;
  // What the surface says of each error status in its document; nullptr: the native words.
  std::string (*describe)(unsigned status) = nullptr;
  // The resource a not_found of the route names ("agent": AGENT_NOT_FOUND, agent_not_found).
  std::string resource;
  ResetForm reset = ResetForm::unix_seconds;
  // The surface's paths: an unknown path under it is answered in this shape. Empty: none.
  std::string prefix;
  // The routes open to anyone count their requests per client address, so that every answer of
  // the surface carries the rate-limit headers.
  bool limit_open_routes = false;
};

// Rewrites a native handler's JSON success body into another surface's (a route that a seed
// system's surface serves with a native handler).
using Reshape = std::string (*)(std::string_view body);

struct QueryParam {
  std::string name;
  std::string schema;  // JSON Schema text, for the OpenAPI document
  std::string description;
};

// A route, declared once: the router, the validator and the OpenAPI document read the same
// declaration, so the documentation cannot drift from what is served.
struct RouteSpec {
  std::string method;
  std::string path;  // "/v1/agents/{id}"
  std::string operation_id;
  std::string tag;
  std::string summary;
  Access access = Access::key;
  std::string scope;           // required scope; empty: any valid key
  std::string request_schema;  // JSON Schema of the body; empty: no body
  std::vector<QueryParam> query;
  unsigned success_status = 200;
  std::string response_schema;  // JSON Schema of the success body ("" for none, e.g. 204)
  std::string response_content_type = "application/json";
  std::vector<unsigned> errors;  // the error statuses it can answer beyond the common ones
  // The success answer carries the resource's ETag (a GET then honours If-None-Match with 304,
  // an update If-Match).
  bool etag = false;
  // A write that answers 201 with a Location when it creates the resource, and success_status
  // when it changes an existing one (a PUT that replaces, a POST that installs or re-pins).
  bool creates_or_updates = false;
  // The success answer can also be a stream of Server-Sent Events (chat with "stream": true).
  bool also_streams = false;
  // The answer shows a secret (a new API key, a signing secret): kept for an Idempotency-Key
  // replay only sealed under the master key, like account secrets.
  bool answer_holds_secret = false;
  // An open route whose requests count against the client address like an unknown key's (a
  // sign-in, which takes a key in its body).
  bool limit_by_address = false;
  // Errors in another surface's shape; nullptr: the native {"error": {code, message, ...}}.
  const ErrorShape* error_shape = nullptr;
  // A native handler's success answer as this surface writes it (see present()).
  Reshape reshape = nullptr;
  Handler handler;

  // Parsed once at start-up.
  boost::json::value parsed_request_schema;
};

// Whether a request to `r` is refused while the database queue is full
// (ApiOptions::max_waiting_transactions): every route that takes a key, except /metrics, which
// must still answer the operator watching the overload.
inline bool sheddable(const RouteSpec& r) {
  return r.access != Access::open && r.operation_id != "prometheusMetrics";
}

}  // namespace agentry::api
