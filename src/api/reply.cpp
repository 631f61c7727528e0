#include "api/reply.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

#include "api/json_text.hpp"
#include "core/ids.hpp"
#include "core/limits.hpp"
#include "domain/ledger.hpp"

namespace agentry::api {
namespace json = boost::json;

unsigned status_of(Errc code) {
  switch (code) {
    case Errc::validation_error:
    case Errc::bad_request:
      return 400;
    case Errc::missing_api_key:
    case Errc::invalid_api_key:
      return 401;
    case Errc::insufficient_credits:
      return 402;
    case Errc::insufficient_scope:
    case Errc::forbidden:
    case Errc::limit_reached:
      return 403;
    case Errc::not_found:
      return 404;
    case Errc::method_not_allowed:
      return 405;
    case Errc::conflict:
    case Errc::idempotency_key_in_use:
    case Errc::provider_not_configured:  // the agent's state, not the request, is at fault
      return 409;
    case Errc::payload_too_large:
      return 413;
    case Errc::idempotency_key_reused:
      return 422;
    case Errc::rate_limit_exceeded:
    case Errc::token_limit_exceeded:
      return 429;
    case Errc::headers_too_large:
      return 431;
    case Errc::unavailable:
      return 503;
    case Errc::internal_error:
      return 500;
  }
  return 500;
}

http::Response error_reply(const Call& call, const Error& error) {
  http::Response r =
      http::error_response(status_of(error.code), errc_code(error.code), error.message,
                           call.request.request_id, error.field, error.current_state);
  if (const ErrorShape* shape = call.route.error_shape) {
    if (shape->status) r.status = shape->status(r.status);
    r.body = shape->body(*shape, r.status, error, call.request.request_id);
  }
  if (error.code == Errc::token_limit_exceeded) {
    constexpr std::int64_t ms_per_minute = 60'000;
    r.set_header("Retry-After",
                 std::to_string((ms_per_minute - call.now_ms % ms_per_minute + 999) / 1000));
  }
  return r;
}

void present(const Call& call, http::Response& r) {
  const ErrorShape* shape = call.route.error_shape;
  if (r.status < 200 || r.status >= 300 || r.stream || shape == nullptr || shape->prefix.empty()) {
    return;
  }
  // The created resource is where the client wrote it: under the surface's path it posted to
  // (AgenFleet's /v1/cron-jobs for a native /v1/schedules), or that path itself (a PUT).
  if (const std::string_view location = r.header("Location"); location.starts_with("/v1/")) {
    const std::string id(location.substr(location.rfind('/') + 1));
    const std::string& path = call.request.path;
    r.set_header("Location", path.ends_with("/" + id) ? path : path + "/" + id);
  }
  if (call.route.reshape != nullptr && !r.body.empty() && r.content_type == "application/json") {
    r.body = call.route.reshape(r.body);
  }
}

Result<StreamSlots::Slot> stream_slot(const Call& call) {
  const std::int64_t limit =
      call.plan != nullptr ? call.plan->max_streams : limits::streams_per_account;
  if (auto slot = call.services.streams.acquire(call.account_id(), limit)) return slot;
  return make_error(Errc::limit_reached,
                    "an account may hold " + std::to_string(limit) + " live streams open at once");
}

http::Response json_reply(unsigned status, const json::value& body) {
  http::Response r;
  r.status = status;
  r.body = to_json_text(body);
  return r;
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  return r;
}

http::Response json_text_reply(unsigned status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Result<std::int64_t> integer_param(const Call& call, std::string_view name, std::int64_t fallback,
                                   std::int64_t min, std::int64_t max) {
  auto text = call.query_value(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
    return make_error(Errc::validation_error,
                      std::string(name) + ": must be an integer from " + std::to_string(min) +
                          " to " + std::to_string(max),
                      std::string(name));
  }
  return value;
}

std::vector<QueryParam> page_query_params() {
  const std::string limit = R"({"type":"integer","minimum":1,"maximum":)" +
                            std::to_string(limits::page_limit_max) + R"(,"default":)" +
                            std::to_string(limits::page_limit_default) + "}";
  return {{"limit", limit, "Page size."},
          {"offset", R"({"type":"integer","minimum":0,"default":0})", "Items to skip."}};
}

std::vector<QueryParam> cursor_query_params() {
  std::vector<QueryParam> params = page_query_params();
  params.pop_back();  // no offset
  params.push_back({"cursor", R"({"type":"string"})",
                    "nextCursor of the previous page; absent for the newest items."});
  return params;
}

Result<std::optional<std::string>> cursor_of(const Call& call, std::string_view prefix) {
  std::optional<std::string> cursor = call.query_value("cursor");
  if (cursor && !is_valid_id(*cursor, prefix)) {
    return make_error(Errc::validation_error, "cursor: not a cursor from an earlier page",
                      "cursor");
  }
  return cursor;
}

std::string cursor_list_of(std::string_view item_schema) {
  return R"({"type": "object", "required": ["data", "pagination"], "properties": {"data": {"type": "array", "items": )" +
         std::string(item_schema) +
         R"(}, "pagination": {"type": "object", "required": ["limit", "hasMore", "nextCursor"],
           "properties": {"limit": {"type": "integer"}, "hasMore": {"type": "boolean"},
           "nextCursor": {"type": ["string", "null"], "description": "Send as cursor for the next page; null on the last."}}}}})";
}

Result<store::Page> page_of(const Call& call) {
  auto limit = integer_param(call, "limit", limits::page_limit_default, 1, limits::page_limit_max);
  if (!limit) return limit.error();
  auto offset = integer_param(call, "offset", 0, 0, limits::page_offset_max);
  if (!offset) return offset.error();
  return store::Page{*limit, *offset};
}

}  // namespace agentry::api
