#include "domain/agent_signup.hpp"

#include "domain/ledger.hpp"
#include "domain/scopes.hpp"
#include "store/queries.hpp"

namespace agentry::agent_signup {

Result<Registered> register_agent(store::Tx& tx, const plans::Catalog& catalog,
                                  const secrets::Vault& vault, const Registration& registration,
                                  std::int64_t now_ms) {
  if (registration.feed) {
    const plans::Plan* plan = catalog.find(registration.account.plan);
    if (plan) {
      if (auto ok = webhooks::allowed(*plan); !ok) return ok.error();
    }
  }
  accounts::NewKey key{.name = "agent", .scopes = {}};
  std::string unknown;
  key.scopes = *scopes::normalize({"read-write"}, unknown);
  auto created = accounts::create(tx, catalog, registration.account, key, now_ms);
  if (!created) return created.error();
  agents::Draft draft = registration.agent;
  draft.plan = catalog.find(registration.account.plan);
  auto agent = agents::create(tx, created->account.id, draft, now_ms);
  if (!agent) return agent.error();
  store::bind_api_key(tx, created->key.record.id, agent->id);
  created->key.record.agent_id = agent->id;
  if (registration.contact_email) {
    store::set_agent_contact(tx, agent->id, *registration.contact_email);
  }
  Registered out{.account = std::move(created->account),
                 .agent = std::move(*agent),
                 .key = std::move(created->key)};
  if (registration.feed) {
    auto feed = webhooks::set_agent_feed(tx, vault, out.account.id, out.agent.id,
                                         *registration.feed, now_ms);
    if (!feed) return feed.error();
    out.feed = std::move(*feed);
  }
  auto wallet = ledger::wallet(tx, out.account.id);
  if (!wallet) return wallet.error();
  out.balance_micro = wallet->balance_micro;
  return out;
}

std::optional<std::string> contact_of(store::Tx& tx, const std::string& agent_id) {
  return store::find_agent_contact(tx, agent_id);
}

Result<store::AgentRecord> acting_agent(store::Tx& tx, const std::string& account_id,
                                        const std::optional<std::string>& bound_agent_id,
                                        const std::optional<std::string>& named,
                                        std::string_view field) {
  if (bound_agent_id) {
    if (named && *named != *bound_agent_id) {
      return make_error(Errc::forbidden, "this key acts as its agent " + *bound_agent_id,
                        std::string(field));
    }
    return agents::find_owned(tx, account_id, *bound_agent_id);
  }
  if (named) return agents::find_owned(tx, account_id, *named);
  auto own = agents::list_owned(tx, account_id, {}, {.limit = 2, .offset = 0});
  if (own.items.empty()) {
    return make_error(Errc::not_found, "this account has no agent: register one first");
  }
  if (own.items.size() > 1) {
    return make_error(
        Errc::validation_error,
        std::string(field) + ": this account has several agents; name the one to act as",
        std::string(field));
  }
  return std::move(own.items.front());
}

}  // namespace agentry::agent_signup
