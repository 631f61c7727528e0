#pragma once

#include "domain/plans.hpp"
#include "domain/pricing.hpp"
#include "domain/runs.hpp"

namespace agentry::runs {

// The terms a run or chat turn of an account on `plan` (none: no plan terms) is priced on: the
// server's prices and output cap, the plan's volume discount and tokens per minute.
Terms terms_for(const plans::Plan* plan, const pricing::PriceTable& prices);

}  // namespace agentry::runs
