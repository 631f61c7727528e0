#pragma once

#include <cstdint>
#include <optional>

#include "views/json_writer.hpp"

// The values every /v1 shape is made of, written one way everywhere.
namespace agentry::views {

// Credits as the API shows them: a decimal number of credits from micro-credits, exact (never a
// double's exponent: 1 micro-credit is 0.000001).
void write_credits(JsonWriter& w, std::int64_t micro);
// Credits, or null.
void write_optional_credits(JsonWriter& w, const std::optional<std::int64_t>& micro);

// RFC 3339 UTC with milliseconds, or null.
void write_timestamp(JsonWriter& w, std::optional<std::int64_t> at_ms);

}  // namespace agentry::views
