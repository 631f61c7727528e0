#include "api/v1/run_terms.hpp"

#include "core/limits.hpp"

namespace agentry::api::v1 {

runs::Terms run_terms(const Call& call) {
  return {.prices = &call.services.prices,
          .discount_percent = call.plan ? call.plan->volume_discount_percent : 0,
          .tokens_per_minute = call.plan ? call.plan->tokens_per_minute : 0,
          .max_output_tokens = limits::run_max_output_tokens};
}

}  // namespace agentry::api::v1
