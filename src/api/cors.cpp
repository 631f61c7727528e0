#include "api/cors.hpp"

#include <algorithm>
#include <stdexcept>

namespace agentry::api {
namespace {

constexpr std::string_view allowed_methods = "GET, HEAD, POST, PUT, PATCH, DELETE";
// The API's own headers a page may read.
constexpr std::string_view exposed_headers =
    "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, "
    "ETag, Location, Idempotent-Replayed, Mcp-Session-Id";
constexpr std::string_view max_age_s = "600";
// What a page may name in Access-Control-Request-Headers: header names, listed.
constexpr std::size_t max_request_headers_bytes = 2048;

bool header_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ',' || c == ' ';
}

// scheme://host[:port], nothing after.
bool well_formed_origin(std::string_view origin) {
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
  const std::string_view rest = origin.substr(scheme_end + 3);
  return !rest.empty() && rest.find_first_of("/?#@ ") == std::string_view::npos;
}

}  // namespace

CorsPolicy::CorsPolicy(const std::vector<std::string>& origins) {
  for (const std::string& origin : origins) {
    if (origin == "*") {
      any_ = true;
    } else if (well_formed_origin(origin)) {
      origins_.push_back(origin);
    } else {
      throw std::invalid_argument("--cors-origins: \"" + origin +
                                  "\" is not an origin (scheme://host[:port]) or *");
    }
  }
}

CorsPolicy CorsPolicy::parse(std::string_view list) {
  std::vector<std::string> origins;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) origins.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return CorsPolicy(origins);
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty()) return false;
  return any_ || std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

std::optional<http::Response> CorsPolicy::preflight(const http::Request& request) const {
  const std::string_view origin = request.header("origin");
  if (request.method != "OPTIONS" || origin.empty() ||
      request.header("access-control-request-method").empty()) {
    return std::nullopt;
  }
  http::Response r;
  r.set_header("Vary", "Origin");
  if (!allows(origin)) {
    r = http::error_response(403, "forbidden",
                             "the origin " + std::string(origin) + " may not call this API",
                             request.request_id);
    r.set_header("Vary", "Origin");
    return r;
  }
  r.status = 204;
  r.content_type.clear();
  r.set_header("Access-Control-Allow-Origin", std::string(origin));
  r.set_header("Access-Control-Allow-Methods", std::string(allowed_methods));
  // A page may send any header of its own: credentials are off, so a header gains it nothing
  // that the request's key does not.
  const std::string_view wanted = request.header("access-control-request-headers");
  if (!wanted.empty() && wanted.size() <= max_request_headers_bytes &&
      std::all_of(wanted.begin(), wanted.end(), header_name_char)) {
    r.set_header("Access-Control-Allow-Headers", std::string(wanted));
  }
  r.set_header("Access-Control-Max-Age", std::string(max_age_s));
  return r;
}

void CorsPolicy::decorate(http::Response& response, std::string_view origin) const {
  if (!allows(origin)) return;
  response.set_header("Access-Control-Allow-Origin", std::string(origin));
  response.set_header("Vary", "Origin");
  response.set_header("Access-Control-Expose-Headers", std::string(exposed_headers));
}

}  // namespace agentry::api
