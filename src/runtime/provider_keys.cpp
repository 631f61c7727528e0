#include "runtime/provider_keys.hpp"

#include "runtime/await_db.hpp"

namespace agentry::runtime {

boost::asio::awaitable<Result<ResolvedProvider>> resolve_provider(Providers& providers,
                                                                  store::Database& db,
                                                                  const secrets::Vault& vault,
                                                                  const store::AgentRecord& agent,
                                                                  const std::string& model) {
  const Providers::Route route = providers.route(model);
  ResolvedProvider out{.provider = route.provider, .name = std::string(route.name)};
  if (!route.secret_name.empty()) {
    const std::string secret(route.secret_name);
    auto own = co_await db_read(
        db, [&](store::Tx& tx) { return secrets::reveal(tx, vault, agent.account_id, secret); });
    out.api_key = own ? std::move(*own) : *route.server_key;
  }
  if (route.key_required && out.api_key.empty()) {
    co_return make_error(Errc::unavailable, "no API key for model " + model +
                                                ": set the account secret " +
                                                std::string(route.secret_name) +
                                                " or the server's key for " + out.name);
  }
  co_return out;
}

}  // namespace agentry::runtime
