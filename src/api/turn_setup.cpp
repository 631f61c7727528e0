#include "api/turn_setup.hpp"

#include "core/limits.hpp"
#include "domain/run_terms.hpp"
#include "runtime/providers.hpp"

namespace agentry::api {

runs::Terms run_terms(const Call& call) {
  return runs::terms_for(call.plan, call.services.prices);
}

runtime::ChatDeps chat_deps(Services& services) {
  return {.db = services.db,
          .providers = services.providers,
          .vault = services.vault,
          .prices = services.prices,
          .clock = services.clock,
          .log = services.log,
          .fee_bps = services.options.fee_bps,
          .time_limit_ms = limits::run_timeout_ms};
}

}  // namespace agentry::api
