#include "api/v1/run_terms.hpp"

#include "domain/run_terms.hpp"

namespace agentry::api::v1 {

runs::Terms run_terms(const Call& call) {
  return runs::terms_for(call.plan, call.services.prices);
}

}  // namespace agentry::api::v1
