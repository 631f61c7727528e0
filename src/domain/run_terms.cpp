#include "domain/run_terms.hpp"

#include "core/limits.hpp"

namespace agentry::runs {

Terms terms_for(const plans::Plan* plan, const pricing::PriceTable& prices) {
  return {.prices = &prices,
          .discount_percent = plan ? plan->volume_discount_percent : 0,
          .tokens_per_minute = plan ? plan->tokens_per_minute : 0,
          .max_output_tokens = limits::run_max_output_tokens};
}

}  // namespace agentry::runs
