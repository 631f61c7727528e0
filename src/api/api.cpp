#include "api/api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "api/await_db.hpp"
#include "api/await_limit.hpp"
#include "api/idempotent_reply.hpp"
#include "api/json_text.hpp"
#include "api/reply.hpp"
#include "api/schema.hpp"
#include "api/session_cookie.hpp"
#include "core/crypto.hpp"
#include "core/instruments.hpp"
#include "core/limits.hpp"
#include "domain/accounts.hpp"
#include "domain/api_key.hpp"
#include "domain/idempotency.hpp"
#include "domain/scopes.hpp"
#include "domain/stream_tokens.hpp"
#include "domain/web_sessions.hpp"
#include "runtime/db_queue.hpp"

namespace agentry::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::int64_t last_used_interval_ms = 1000;

// A request is shed while too many transactions wait for the database: it would only wait
// behind them (and add to the wait of those after it).
std::optional<Error> shed(const RouteSpec& route, std::int64_t max_waiting) {
  if (max_waiting <= 0 || !sheddable(route)) return std::nullopt;
  const std::int64_t waiting = runtime::transactions_waiting();
  if (waiting < max_waiting) return std::nullopt;
  instruments::get().shed.only().add();
  return make_error(Errc::unavailable, "the server is busy: " + std::to_string(waiting) +
                                           " database transactions are waiting (at most " +
                                           std::to_string(max_waiting) +
                                           "); try again after Retry-After");
}

std::string_view presented_key(const http::Request& request) {
  std::string_view auth = request.header("authorization");
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
    auth.remove_prefix(7);
    while (!auth.empty() && auth.front() == ' ') auth.remove_prefix(1);
    return auth;
  }
  return request.header("x-api-key");
}

void add_rate_headers(http::Response& r, const rate_limiter::Decision& d, ResetForm reset) {
  r.set_header("X-RateLimit-Limit", std::to_string(d.limit));
  r.set_header("X-RateLimit-Remaining", std::to_string(d.remaining));
  if (reset == ResetForm::iso8601) {
    // Whole seconds, as 2026-01-04T15:30:00Z.
    std::string at = format_rfc3339(d.reset_unix_s * 1000);
    at.resize(19);
    r.set_header("X-RateLimit-Reset", at + "Z");
  } else {
    r.set_header("X-RateLimit-Reset", std::to_string(d.reset_unix_s));
  }
  if (!d.allowed) r.set_header("Retry-After", std::to_string(d.retry_after_s));
}

Result<json::value> parse_body(const std::string& body) {
  if (body.empty()) return json::value(json::object());
  json::parse_options options;
  options.max_depth = limits::max_json_depth;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, {}, options);
  if (ec == json::error::too_deep) {
    return make_error(Errc::bad_request, "JSON nesting is deeper than 32 levels");
  }
  if (ec) return make_error(Errc::bad_request, "the body is not valid JSON: " + ec.message());
  return v;
}

}  // namespace

std::optional<std::string> Call::query_value(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Call::body_string(std::string_view name) const {
  const auto* object = body.if_object();
  const auto* value = object ? object->if_contains(name) : nullptr;
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

namespace {

// A stream a browser's EventSource reads: it may authenticate with a stream token.
bool is_stream_route(const RouteSpec& r) {
  return r.method == "GET" && r.response_content_type == "text/event-stream" &&
         r.access == Access::key;
}

}  // namespace

Api::Api(Services& services, std::vector<RouteSpec> routes, CorsPolicy cors)
    : services_(services), routes_(std::move(routes)), cors_(std::move(cors)) {
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    RouteSpec& r = routes_[i];
    router_.add(r.method, r.path, i);
    // A surface's unknown paths are answered in its general shape (one naming no resource).
    if (r.error_shape && !r.error_shape->prefix.empty() && r.error_shape->resource.empty() &&
        std::none_of(surfaces_.begin(), surfaces_.end(),
                     [&r](const ErrorShape* s) { return s->prefix == r.error_shape->prefix; })) {
      surfaces_.push_back(r.error_shape);
    }
    if (is_stream_route(r)) {
      r.query.push_back({.name = "token",
                         .schema = R"({"type": "string", "maxLength": 64})",
                         .description = "A stream token (POST /v1/stream-tokens) in place of the "
                                        "key, for a browser's EventSource: single use, 60 s."});
    }
    if (!r.request_schema.empty()) {
      boost::system::error_code ec;
      r.parsed_request_schema = json::parse(r.request_schema, ec);
      if (ec || !r.parsed_request_schema.is_object()) {
        throw std::logic_error("bad request schema for " + r.operation_id);
      }
    }
  }
}

namespace {

http::Response not_routed(const http::Request& request, const http::Router::Match& match,
                          const std::vector<const ErrorShape*>& surfaces) {
  const bool wrong_method = match.kind == http::Router::Match::Kind::method_not_allowed;
  const Error error = make_error(wrong_method ? Errc::method_not_allowed : Errc::not_found,
                                 (wrong_method ? "method " + request.method + " is not allowed on "
                                               : "no endpoint " + request.method + " ") +
                                     request.path);
  http::Response r = http::error_response(wrong_method ? 405 : 404, errc_code(error.code),
                                          error.message, request.request_id);
  for (const ErrorShape* shape : surfaces) {
    const std::string_view path = request.path;
    if (!path.starts_with(shape->prefix) ||
        (path.size() > shape->prefix.size() && path[shape->prefix.size()] != '/')) {
      continue;
    }
    if (shape->status) r.status = shape->status(r.status);
    r.body = shape->body(*shape, r.status, error, request.request_id);
    break;
  }
  if (wrong_method) r.set_header("Allow", match.allow);
  return r;
}

bool known_method(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return true;
  }
  return false;
}

Error rate_limited(const rate_limiter::Decision& rate) {
  instruments::get().rate_limited.only().add();
  return make_error(Errc::rate_limit_exceeded, "rate limit exceeded: retry after " +
                                                   std::to_string(rate.retry_after_s) + " s");
}

// insufficient_scope when the route needs a scope the call's key lacks.
std::optional<Error> scope_refused(const Call& call) {
  const std::string& scope = call.route.scope;
  if (scope.empty() || scopes::allows(call.principal->scopes, scope)) return std::nullopt;
  return make_error(Errc::insufficient_scope, "this API key lacks the \"" + scope + "\" scope");
}

// Every query parameter must be one the route declares: a misspelled filter is refused, not
// ignored (which would answer a list the client did not ask for).
std::optional<Error> check_query(const Call& call) {
  const auto& declared = call.route.query;
  auto known = [&declared](std::string_view name) {
    return std::any_of(declared.begin(), declared.end(),
                       [name](const QueryParam& p) { return p.name == name; });
  };
  for (const auto& [name, value] : call.query) {
    if (known(name)) continue;
    if (name == "offset" && known("cursor")) {
      return make_error(Errc::validation_error,
                        "offset: this list pages by cursor: send the previous page's "
                        "pagination.nextCursor as cursor",
                        name);
    }
    std::string message = "unknown query parameter \"" + name + "\": this endpoint takes ";
    if (declared.empty()) message += "none";
    for (std::size_t i = 0; i < declared.size(); ++i) {
      message += (i == 0 ? "" : ", ") + declared[i].name;
    }
    return make_error(Errc::validation_error, message, name);
  }
  return std::nullopt;
}

// True when If-None-Match names `etag` (weak comparison, RFC 9110 section 13.1.2) or is "*".
bool none_match(std::string_view header, std::string_view etag) {
  auto opaque = [](std::string_view tag) {
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  const std::string_view mine = opaque(etag);
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view tag = opaque(header.substr(0, comma));
    if (tag == "*" || tag == mine) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

// Parses and validates the body against the route's schema.
std::optional<Error> parse_and_validate(Call& call) {
  if (call.route.request_schema.empty()) return std::nullopt;
  auto body = parse_body(call.request.body);
  if (!body) return body.error();
  if (auto violation = validate(call.route.parsed_request_schema, *body)) return violation;
  call.body = std::move(*body);
  return std::nullopt;
}

}  // namespace

asio::awaitable<std::optional<Error>> Api::admit(Call& call,
                                                 std::optional<rate_limiter::Decision>& rate) {
  const std::string key(presented_key(call.request));
  if (call.route.access == Access::open) {
    if (call.route.limit_by_address) {
      co_return co_await limit_client(call, "auth:", services_.options.unauthenticated_per_minute,
                                      std::nullopt, rate);
    }
    const ErrorShape* shape = call.route.error_shape;
    if (shape == nullptr || !shape->limit_open_routes) co_return std::nullopt;
    co_return co_await limit_anonymous(call, rate);
  }
  // Without a key, a dashboard session's cookie stands for one.
  const std::optional<std::string> session =
      key.empty() ? session_cookie::token_of(call.request) : std::nullopt;
  if (call.route.access == Access::optional_key && key.empty() && !session) {
    co_return co_await limit_anonymous(call, rate);
  }
  const std::optional<std::string> token =
      is_stream_route(call.route) ? call.query_value("token") : std::nullopt;
  if (key.empty() && token) {
    if (auto failure = co_await redeem_stream_token(call, *token, rate)) co_return failure;
  } else if (session) {
    if (auto failure = co_await admit_session(call, *session, rate)) co_return failure;
  } else if (key.empty()) {
    if (auto limited = co_await limit_client(
            call, "auth:", services_.options.unauthenticated_per_minute, std::nullopt, rate)) {
      co_return limited;
    }
    co_return make_error(Errc::missing_api_key,
                         "no API key: send Authorization: Bearer <key> or X-Api-Key");
  } else if (auto failure = co_await authenticate(call, key, rate)) {
    co_return failure;
  }
  if (services_.keys.should_touch(call.principal->key_id, call.now_ms, last_used_interval_ms)) {
    // lastUsedAt is bookkeeping: it must not slow the request down, so nobody waits for it.
    services_.db.submit_write([id = call.principal->key_id, at = call.now_ms](
                                  store::Tx& tx) { accounts::touch_key(tx, id, at); },
                              [](const std::exception_ptr&) {});
  }
  call.plan = services_.catalog.find(call.principal->plan);
  if (!call.plan) call.plan = services_.catalog.find(services_.options.default_plan);
  // The plan's limits hold for the account, or for each key when the plan says so (key and
  // account ids have their own prefixes, so the buckets never meet).
  const std::string& bucket =
      call.plan->limit_per_key ? call.principal->key_id : call.principal->account_id;
  // The in-process limiter answers at once: no coroutine frame for it on the hot path. (An if,
  // not ?:, around co_await: GCC 12 evaluates both arms of a conditional holding co_await.)
  if (services_.limiter.remote()) {
    rate = co_await check_remote(services_.limiter, bucket, call.now_ms,
                                 call.plan->requests_per_minute, call.plan->requests_per_hour);
  } else {
    rate = services_.limiter.check(bucket, call.now_ms, call.plan->requests_per_minute,
                                   call.plan->requests_per_hour);
  }
  if (!rate->allowed) co_return rate_limited(*rate);
  co_return scope_refused(call);
}

asio::awaitable<std::optional<Error>> Api::limit_client(
    Call& call, std::string_view kind, std::int64_t per_minute,
    std::optional<std::int64_t> per_hour, std::optional<rate_limiter::Decision>& rate) {
  std::string client(kind);
  client += call.request.remote_address;
  // An if, not ?:, around co_await: GCC 12 evaluates both arms of a conditional holding one.
  if (services_.limiter.remote()) {
    rate = co_await check_remote(services_.limiter, std::move(client), call.now_ms, per_minute,
                                 per_hour);
  } else {
    rate = services_.limiter.check(client, call.now_ms, per_minute, per_hour);
  }
  if (!rate->allowed) co_return rate_limited(*rate);
  co_return std::nullopt;
}

asio::awaitable<std::optional<Error>> Api::limit_anonymous(
    Call& call, std::optional<rate_limiter::Decision>& rate) {
  const plans::Plan* anonymous = services_.catalog.find(services_.options.default_plan);
  co_return co_await limit_client(call, "ip:", anonymous ? anonymous->requests_per_minute : 10,
                                  anonymous ? anonymous->requests_per_hour : std::nullopt, rate);
}

asio::awaitable<std::optional<Error>> Api::redeem_stream_token(
    Call& call, const std::string& token, std::optional<rate_limiter::Decision>& rate) {
  if (auto limited = co_await limit_client(
          call, "auth:", services_.options.unauthenticated_per_minute, std::nullopt, rate)) {
    co_return limited;
  }
  auto principal = co_await db_write(services_.db, [&](store::Tx& tx) {
    return stream_tokens::redeem(tx, token, call.request.path, call.now_ms);
  });
  if (!principal) co_return principal.error();
  call.principal = std::make_shared<const auth::Principal>(std::move(*principal));
  co_return std::nullopt;
}

asio::awaitable<std::optional<Error>> Api::admit_session(
    Call& call, const std::string& token, std::optional<rate_limiter::Decision>& rate) {
  auto session = co_await db_read(
      services_.db, [&](store::Tx& tx) { return web_sessions::resolve(tx, token, call.now_ms); });
  if (!session) {
    if (auto limited = co_await limit_client(
            call, "auth:", services_.options.unauthenticated_per_minute, std::nullopt, rate)) {
      co_return limited;
    }
    co_return session.error();
  }
  // SameSite=Strict keeps the cookie from other sites' requests; the CSRF token, which only the
  // dashboard's own page is told, is the second lock on every change.
  const std::string& method = call.request.method;
  if (method != "GET" && method != "HEAD" &&
      !web_sessions::csrf_matches(token, call.request.header(session_cookie::csrf_header))) {
    co_return make_error(Errc::forbidden,
                         "a change made through a dashboard session needs the session's "
                         "X-CSRF-Token header (answered by POST and GET /v1/web/session)");
  }
  call.principal = std::make_shared<const auth::Principal>(std::move(session->principal));
  co_return std::nullopt;
}

asio::awaitable<std::optional<Error>> Api::authenticate(
    Call& call, const std::string& key, std::optional<rate_limiter::Decision>& rate) {
  const Error invalid = make_error(Errc::invalid_api_key, "the API key is invalid or revoked");
  // The cache is keyed by the key's hash, so a known key costs one SHA-256; the checksum is
  // checked only on a miss, where it spares the database mistyped and made-up keys.
  const std::string hash = api_key::hash(key);
  call.principal = services_.keys.find(hash);
  if (!call.principal) {
    // A key this node never authenticated counts against its client address, so that a flood
    // of made-up keys is refused here and never reaches the database. A known key the cache
    // dropped on a change (anyone's lastUsedAt) does not: its client did nothing wrong.
    const std::function<asio::awaitable<KeyLookup>()> look_up =
        [&]() -> asio::awaitable<KeyLookup> {
      KeyLookup out;
      if (!services_.keys.known(hash)) {
        out.refused = co_await limit_client(
            call, "auth:", services_.options.unauthenticated_per_minute, std::nullopt, rate);
        if (out.refused) co_return out;
      }
      if (!api_key::is_well_formed(key)) co_return out;
      out.principal = co_await db_read(
          services_.db, [&hash](store::Tx& tx) { return auth::load_principal(tx, hash); });
      co_return out;
    };
    // Requests that bring the same valid key at once (a node just started, a key just made,
    // under load) share one lookup: one read, one count against the address. One that found
    // nothing (or never ran, its caller refused) decides nothing for the others: each then
    // counts and looks up on its own, as if alone.
    const std::uint64_t version = services_.keys.version();
    bool fetched = false;
    KeyLookup found = co_await key_lookups_.get(hash, version, look_up, &fetched);
    if (!fetched && !found.principal) found = co_await look_up();
    if (found.refused) co_return *found.refused;
    if (!found.principal) {
      services_.keys.forget(hash);
      co_return invalid;
    }
    call.principal = services_.keys.put(hash, std::move(*found.principal), version);
  }
  if (call.principal->expires_at_ms && *call.principal->expires_at_ms <= call.now_ms) {
    const std::int64_t expired_at_ms = *call.principal->expires_at_ms;
    call.principal.reset();
    co_return make_error(Errc::invalid_api_key,
                         "the API key expired at " + format_rfc3339(expired_at_ms));
  }
  co_return std::nullopt;
}

namespace {

// The row a kept answer that shows a secret is sealed for.
std::string sealed_answer_name(const Call& call) {
  return "idempotency/" + call.idempotency->key;
}

http::Response replay(const Call& call, const idempotency::Answer& answer) {
  std::string body = answer.body;
  if (call.route.answer_holds_secret) {
    auto opened =
        call.services.vault.open({call.account_id(), sealed_answer_name(call), answer.body, 0, 0});
    if (!opened) {
      return error_reply(call, make_error(Errc::conflict,
                                          "the answer kept for this Idempotency-Key was sealed "
                                          "under another master key; use a new key"));
    }
    body = std::move(*opened);
  }
  http::Response r = json_text_reply(static_cast<unsigned>(answer.status_code), std::move(body));
  if (!answer.location.empty()) r.set_header("Location", answer.location);
  if (!answer.etag.empty()) r.set_header("ETag", answer.etag);
  r.set_header("Idempotent-Replayed", "true");
  return r;
}

// What identifies a request under its key: the same JSON spelled otherwise is the same request.
std::string request_hash(const Call& call) {
  const std::string body =
      call.route.request_schema.empty() ? call.request.body : to_canonical_json_text(call.body);
  return crypto::sha256_hex(call.request.method + " " + call.request.path + "\n" + body);
}

}  // namespace

void keep_answer(Call& call, store::Tx& tx, const http::Response& answer) {
  if (!call.idempotency || answer.stream || answer.status >= 500) return;
  http::Response response = answer;
  present(call, response);
  idempotency::keep(
      tx, call.account_id(), call.idempotency->key, call.idempotency->request_hash,
      {response.status, std::string(response.header("Location")),
       std::string(response.header("ETag")),
       call.route.answer_holds_secret
           ? call.services.vault.seal(call.account_id(), sealed_answer_name(call), response.body)
           : response.body},
      call.now_ms, limits::idempotency_ttl_ms);
  call.idempotency->kept = true;
}

asio::awaitable<std::optional<http::Response>> Api::admit_idempotent(Call& call,
                                                                     InFlightKeys::Hold& hold) {
  const std::string& key = call.idempotency->key;
  if (key.size() > limits::idempotency_key_max_chars) {
    co_return error_reply(
        call, make_error(Errc::validation_error, "Idempotency-Key is longer than 255 characters",
                         "Idempotency-Key"));
  }
  call.idempotency->request_hash = request_hash(call);
  const idempotency::Lookup found = co_await db_read(services_.db, [&](store::Tx& tx) {
    return idempotency::look_up(tx, call.account_id(), key, call.idempotency->request_hash,
                                call.now_ms, limits::idempotency_ttl_ms);
  });
  switch (found.outcome) {
    case idempotency::Outcome::replay:
      co_return replay(call, found.answer);
    case idempotency::Outcome::mismatch:
      co_return error_reply(call,
                            make_error(Errc::idempotency_key_reused,
                                       "this Idempotency-Key was used with a different request"));
    case idempotency::Outcome::resume:
      call.idempotency->resume = found.resource;
      break;
    case idempotency::Outcome::proceed:
      break;
  }
  hold = in_flight_.try_hold(call.account_id() + '\n' + key);
  if (!hold) {
    co_return error_reply(
        call, make_error(Errc::idempotency_key_in_use,
                         "a request with this Idempotency-Key is still being processed"));
  }
  co_return std::nullopt;
}

asio::awaitable<http::Response> Api::answer_stored(Call& call) {
  const idempotency::Lookup found = co_await db_read(services_.db, [&](store::Tx& tx) {
    return idempotency::look_up(tx, call.account_id(), call.idempotency->key,
                                call.idempotency->request_hash, call.now_ms,
                                limits::idempotency_ttl_ms);
  });
  if (found.outcome == idempotency::Outcome::replay) co_return replay(call, found.answer);
  if (found.outcome == idempotency::Outcome::mismatch) {
    co_return error_reply(call,
                          make_error(Errc::idempotency_key_reused,
                                     "this Idempotency-Key was used with a different request"));
  }
  co_return error_reply(call,
                        make_error(Errc::idempotency_key_in_use,
                                   "a request with this Idempotency-Key is still being processed"));
}

asio::awaitable<http::Response> Api::run_handler(Call& call) {
  bool taken = false;
  http::Response response;
  try {
    response = co_await call.route.handler(call);
    // A change whose handler wrote without call_write is recorded on its own.
    if (!call.activity_recorded && call.principal && call.request.method != "GET" &&
        response.status >= 200 && response.status < 300) {
      std::optional<std::string> created;
      if (const std::string_view at = response.header("Location"); !at.empty()) {
        created = std::string(at.substr(at.rfind('/') + 1));
      }
      auto record = [&](store::Tx& tx) {
        record_call(call, tx, created);
        return 0;
      };
      // The change is made: a failure to record it is logged, not answered.
      try {
        co_await actor_write(call, record);
      } catch (const std::exception& e) {
        services_.log.log("error", "activity log: " + call.route.operation_id + " " +
                                       call.request.request_id + " not recorded: " + e.what());
      }
      call.activity_recorded = true;
    }
    // An answer without an effect of its own (a refusal, a read) is stored on its own.
    if (call.idempotency && !call.idempotency->kept) {
      co_await db_write(services_.db, [&](store::Tx& tx) {
        keep_answer(call, tx, response);
        return 0;
      });
    }
  } catch (const idempotency::KeyTaken&) {
    // Another node answered the same key first; this request's effect was rolled back.
    taken = true;
  }
  if (taken) co_return co_await answer_stored(call);
  co_return response;
}

asio::awaitable<http::Response> Api::handle(http::Request request) {
  if (cors_.enabled()) {
    if (auto answer = cors_.preflight(request)) co_return std::move(*answer);
    const std::string origin(request.header("origin"));
    http::Response response = co_await answer_routed(std::move(request));
    cors_.decorate(response, origin);
    co_return response;
  }
  co_return co_await answer_routed(std::move(request));
}

asio::awaitable<http::Response> Api::answer_routed(http::Request request) {
  instruments::Instruments& m = instruments::get();
  const auto started = std::chrono::steady_clock::now();
  auto match = router_.match(request.method, request.path);
  const bool found = match.kind == http::Router::Match::Kind::found;
  const std::string route = found ? routes_[match.route_id].path : "unmatched";
  // Labels come from bounded sets only, so that made-up methods cannot grow the metrics.
  const std::string method = found || known_method(request.method) ? request.method : "other";
  m.http_in_flight.only().add(1);
  unsigned status = 500;  // an exception is answered with 500 by the server
  auto count = [&] {
    m.http_in_flight.only().add(-1);
    m.http_requests.with({route, method, std::to_string(status)}).add();
    m.http_duration.with({route, method})
        .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
  try {
    http::Response response;
    if (found) {
      response = co_await answer(std::move(request), std::move(match));
    } else {
      response = not_routed(request, match, surfaces_);
    }
    status = response.status;
    count();
    co_return response;
  } catch (...) {
    count();
    throw;
  }
}

const RouteSpec* Api::route_named(std::string_view operation_id) const {
  // A seed system's surface names its operations in its own document; they may repeat native
  // names, which mean the native operation.
  const auto found =
      std::find_if(routes_.begin(), routes_.end(), [operation_id](const RouteSpec& r) {
        return r.operation_id == operation_id && !r.path.starts_with("/compat/");
      });
  return found == routes_.end() ? nullptr : &*found;
}

namespace {

// The route's path with its parameters filled in, percent-encoding what a segment cannot hold.
std::string path_of(const RouteSpec& route,
                    const std::vector<std::pair<std::string, std::string>>& params) {
  std::string path;
  std::string_view rest = route.path;
  while (!rest.empty()) {
    const std::size_t open = rest.find('{');
    path += rest.substr(0, open);
    if (open == std::string_view::npos) break;
    const std::size_t close = rest.find('}', open);
    const std::string_view name = rest.substr(open + 1, close - open - 1);
    for (const auto& [key, value] : params) {
      if (key != name) continue;
      for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
          path += ch;
        } else {
          static constexpr std::string_view hex = "0123456789ABCDEF";
          path += '%';
          path += hex[c >> 4U];
          path += hex[c & 15U];
        }
      }
    }
    rest.remove_prefix(close + 1);
  }
  return path;
}

}  // namespace

asio::awaitable<http::Response> Api::invoke(Invocation invocation) {
  const RouteSpec* route = route_named(invocation.operation_id);
  if (route == nullptr) throw std::logic_error("no route " + invocation.operation_id);
  http::Request request;
  request.method = route->method;
  request.path = path_of(*route, invocation.path_params);
  request.request_id = std::move(invocation.request_id);
  request.remote_address = std::move(invocation.remote_address);
  request.path_params = std::move(invocation.path_params);
  if (!invocation.body.is_null()) request.body = json::serialize(invocation.body);
  Call call{std::move(request), services_, *route};
  call.now_ms = services_.clock.now_ms();
  call.principal = std::move(invocation.principal);
  call.plan = invocation.plan;
  call.query = std::move(invocation.query);
  if (auto refused = scope_refused(call)) co_return error_reply(call, *refused);
  if (auto unknown = check_query(call)) co_return error_reply(call, *unknown);
  if (!route->request_schema.empty()) {
    json::value body = invocation.body.is_null() ? json::value(json::object()) : invocation.body;
    if (auto violation = validate(route->parsed_request_schema, body)) {
      co_return error_reply(call, *violation);
    }
    call.body = std::move(body);
  }
  co_return co_await run_handler(call);
}

asio::awaitable<http::Response> Api::answer(http::Request request, http::Router::Match match) {
  const RouteSpec& route = routes_[match.route_id];
  request.path_params = std::move(match.params);
  Call call{std::move(request), services_, route};
  call.now_ms = services_.clock.now_ms();
  call.query = http::parse_query(call.request.query);

  std::optional<rate_limiter::Decision> rate;
  auto finish = [&](http::Response r) {
    if (rate) {
      add_rate_headers(r, *rate,
                       route.error_shape ? route.error_shape->reset : ResetForm::unix_seconds);
    }
    if (call.principal) {
      r.log_account_id = call.principal->account_id;
      services_.requests.count(call.principal->account_id, call.principal->key_id, call.now_ms);
    }
    return r;
  };

  if (auto busy = shed(route, services_.options.max_waiting_transactions)) {
    http::Response r = error_reply(call, *busy);
    r.set_header("Retry-After", "1");
    co_return r;
  }
  if (auto refused = co_await admit(call, rate)) co_return finish(error_reply(call, *refused));
  if (auto unknown = check_query(call)) co_return finish(error_reply(call, *unknown));
  if (auto invalid = parse_and_validate(call)) co_return finish(error_reply(call, *invalid));

  // Idempotency-Key: only for POSTs by a known account, after validation (a request that fails
  // validation never ran, so nothing is stored for it).
  InFlightKeys::Hold hold;
  const std::string_view idempotency_key = call.request.header("idempotency-key");
  if (!idempotency_key.empty() && call.request.method == "POST" && call.principal != nullptr) {
    call.idempotency = IdempotentRequest{.key = std::string(idempotency_key)};
    if (auto early = co_await admit_idempotent(call, hold)) co_return finish(std::move(*early));
  }
  http::Response response = co_await run_handler(call);
  // A client that holds the current representation gets 304 without it.
  if (call.request.method == "GET" && response.status == 200 && !response.stream) {
    const std::string_view etag = response.header("ETag");
    const std::string_view if_none_match = call.request.header("if-none-match");
    if (!etag.empty() && !if_none_match.empty() && none_match(if_none_match, etag)) {
      http::Response not_modified;
      not_modified.status = 304;
      not_modified.set_header("ETag", std::string(etag));
      co_return finish(std::move(not_modified));
    }
  }
  co_return finish(std::move(response));
}

}  // namespace agentry::api
