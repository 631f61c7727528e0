#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace agentry {

// A new prefixed ULID such as "agt_01JQ8..." (prefix, '_', 26 Crockford base32 characters):
// 48 bits of milliseconds then 80 random bits, so ids sort by creation time.
std::string new_id(std::string_view prefix, UnixMs at_ms);

// The same, greater than every id this process made before with it (a monotonic ULID: within one
// millisecond, or when the clock steps back, the previous id's random part plus one), so that
// ids made one after another sort in that order: events of one change, deliveries.
std::string new_ordered_id(std::string_view prefix, UnixMs at_ms);

// A request id ("req_" + ULID). Unique, but drawn from a fast per-thread generator instead of the
// CSPRNG: request ids are labels, not secrets, and one is made for every response.
std::string new_request_id(UnixMs at_ms);

// True when `id` is `prefix` + '_' + 26 Crockford base32 characters.
bool is_valid_id(std::string_view id, std::string_view prefix);

}  // namespace agentry
