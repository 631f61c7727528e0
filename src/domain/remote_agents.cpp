#include "domain/remote_agents.hpp"

#include "core/standard_webhooks.hpp"
#include "core/url.hpp"
#include "store/queries.hpp"

namespace agentry::remote_agents {
namespace {
// The secret is sealed for the agent's owner under a name no account secret can have.
std::string sealed_name(const store::AgentRecord& agent) {
  return "agent:" + agent.id + ":signing";
}
}  // namespace

std::string signing_secret(store::Tx& tx, const secrets::Vault& vault,
                           const store::AgentRecord& agent, bool rotate, std::int64_t now_ms) {
  if (!rotate) {
    if (auto sealed = store::find_signing_secret(tx, agent.id)) {
      store::SecretRecord record{
          .account_id = agent.account_id, .name = sealed_name(agent), .sealed = *sealed};
      if (auto secret = vault.open(record)) return *secret;
    }
  }
  std::string secret = standard_webhooks::new_secret();
  store::put_signing_secret(tx, agent.id, vault.seal(agent.account_id, sealed_name(agent), secret),
                            now_ms);
  return secret;
}

Result<void> check_endpoint_url(std::string_view text, bool allow_loopback_http,
                                std::string_view field) {
  auto parsed = url::parse_http(text);
  if (!parsed) {
    return make_error(Errc::validation_error, std::string(field) + ": " + parsed.error().message,
                      std::string(field));
  }
  if (!parsed->tls && !(allow_loopback_http && url::is_loopback_host(parsed->host))) {
    return make_error(Errc::validation_error, std::string(field) + " must be an https:// URL",
                      std::string(field));
  }
  return Ok{};
}

bool is_loopback_http_url(std::string_view text) {
  auto parsed = url::parse_http(text);
  return parsed && !parsed->tls && url::is_loopback_host(parsed->host);
}

}  // namespace agentry::remote_agents
