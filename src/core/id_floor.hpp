#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace agentry {

// The least id with `prefix` made at `at_ms` (its random part all zero): ids made by new_id or
// new_ordered_id before `at_ms` sort below it, those made at or after it do not. A range of
// time over a table keyed by such ids is a range of its primary key.
std::string first_id_at(std::string_view prefix, UnixMs at_ms);

}  // namespace agentry
