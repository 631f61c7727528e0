#include "domain/remote_agents.hpp"

#include "core/standard_webhooks.hpp"
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

bool is_loopback_http_url(std::string_view url) {
  if (!url.starts_with("http://")) return false;
  std::string_view rest = url.substr(7);
  std::string_view host;
  if (rest.starts_with("[::1]")) {
    host = rest.substr(0, 5);
  } else {
    host = rest.substr(0, rest.find_first_of(":/?#"));
  }
  const std::string_view after = rest.substr(host.size());
  if (!after.empty() && after.front() != ':' && after.front() != '/') return false;
  if (host == "localhost" || host == "[::1]") return true;
  // 127.0.0.0/8 written as a dotted quad.
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

}  // namespace agentry::remote_agents
