#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace agentry::api {

// Serializes like boost::json::serialize, except that doubles are written in their shortest
// round-trip decimal form ("1.5", "0.25") instead of Boost 1.81's exponent form ("1.5E0").
std::string to_json_text(const boost::json::value& value);

// The same with every object's members in key order, without whitespace: one text for every
// spelling of the same JSON document (as a request's identity under its Idempotency-Key).
std::string to_canonical_json_text(const boost::json::value& value);

}  // namespace agentry::api
