#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string_view>

#include "core/result.hpp"

// Credits as clients send them: a JSON number of credits, read exactly into micro-credits.
namespace agentry::api {

// The micro-credits of `v`: a number from 0 to ledger::max_amount_micro's credits with at most 6
// decimals. Errors: validation_error naming `field`.
Result<std::int64_t> micro_credits(const boost::json::value& v, std::string_view field);

}  // namespace agentry::api
