#include "runtime/provider_keys.hpp"

namespace agentry::runtime {

Result<ResolvedProvider> resolve_provider(store::Tx& tx, Providers& providers,
                                          const secrets::Vault& vault,
                                          const store::AgentRecord& agent,
                                          const std::string& model) {
  const Providers::Route route = providers.route(model);
  ResolvedProvider out{.provider = route.provider, .name = std::string(route.name)};
  if (!route.secret_name.empty()) {
    // The agent's swarm's secret first, then its account's, then the server's key.
    std::optional<std::string> own;
    if (agent.swarm_id)
      own = secrets::reveal(tx, vault, *agent.swarm_id, std::string(route.secret_name));
    if (!own) own = secrets::reveal(tx, vault, agent.account_id, std::string(route.secret_name));
    if (own) {
      out.api_key = std::move(*own);
    } else {
      out.api_key = *route.server_key;
    }
  }
  if (route.key_required && out.api_key.empty()) {
    return make_error(Errc::provider_not_configured,
                      "no API key for model " + model +
                          ": the agent's owner sets the account secret " +
                          std::string(route.secret_name) +
                          " (or its swarm's), or the operator the server's key for " + out.name);
  }
  return out;
}

}  // namespace agentry::runtime
