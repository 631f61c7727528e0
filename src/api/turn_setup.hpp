#pragma once

#include "api/route.hpp"
#include "domain/runs.hpp"

namespace agentry::api::v1 {

// The terms of a run or chat turn for the caller: the server's prices and output cap, the
// plan's volume discount and tokens per minute.
runs::Terms run_terms(const Call& call);

}  // namespace agentry::api::v1
