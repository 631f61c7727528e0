#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "api/route.hpp"
#include "core/result.hpp"
#include "store/records.hpp"

// Building responses in the native /v1 shapes (DESIGN.md, "API conventions").
namespace agentry::api {

// The HTTP status of an error code on the native surface.
unsigned status_of(Errc code);

// {"error": {...}} for `error`, with the call's request id.
http::Response error_reply(const Call& call, const Error& error);

// Any JSON body with `status`. Takes a value (not an object) so that callers move their document
// in: an object bound to a `const value&` would be deep-copied first.
http::Response json_reply(unsigned status, const boost::json::value& body);

// {"data": value}.
http::Response data_reply(unsigned status, boost::json::value data);

// {"data": [...], "pagination": {"total", "limit", "offset", "hasMore"}}.
http::Response list_reply(boost::json::array items, std::int64_t total, store::Page page);

// Reads limit (default 20, at most 100) and offset from the query string.
Result<store::Page> page_of(const Call& call);

// Credits as the API shows them: a decimal number of credits from micro-credits.
boost::json::value credits(std::int64_t micro);
// The reverse, for input; validation_error when not a number of at most 6 decimals in range.
Result<std::int64_t> micro_credits(const boost::json::value& v, std::string_view field);

// RFC 3339, or null.
boost::json::value timestamp(std::optional<std::int64_t> at_ms);

}  // namespace agentry::api
