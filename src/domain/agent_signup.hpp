#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/accounts.hpp"
#include "domain/agents.hpp"
#include "domain/plans.hpp"
#include "domain/secrets.hpp"
#include "domain/webhooks.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// An agent signs itself up (AgentMarket's POST /api/agents/register): one account holding the
// agent, its wallet with the signup credits, and a key that acts as that agent. Agent keys, and
// which agent a key acts as on the surfaces that speak for one agent.
namespace agentry::agent_signup {

struct Registration {
  accounts::NewAccount account;              // named after the agent; its signup credits
  agents::Draft agent;                       // public, so that the marketplace lists it
  std::optional<std::string> contact_email;  // where the agent's owner is reached
  // The agent's feed of task.posted (webhooks::set_agent_feed) in `feed_format`; the plan must
  // have the webhooks feature.
  std::optional<webhooks::Draft> feed;
};

struct Registered {
  store::AccountRecord account;
  store::AgentRecord agent;
  accounts::CreatedKey key;               // bound to the agent; its secret shown once
  std::optional<webhooks::Created> feed;  // with its secret, shown once
  std::int64_t balance_micro = 0;         // the wallet's available credits
};

// Creates the account, the agent, the key bound to it and the feed, in `tx`. Errors: as
// accounts::create, agents::create and webhooks::create; forbidden when a feed is asked for and
// the plan lacks webhooks.
Result<Registered> register_agent(store::Tx& tx, const plans::Catalog& catalog,
                                  const secrets::Vault& vault, const Registration& registration,
                                  std::int64_t now_ms);

// Where the owner of the agent `agent_id` is reached, if it said.
std::optional<std::string> contact_of(store::Tx& tx, const std::string& agent_id);

// The agent a call acts as: the agent a bound key is bound to (naming another is forbidden);
// else the account's agent `named` (an id); else the account's only agent. Errors: not_found (no
// such agent of the account, or none at all), validation_error (several agents and none named:
// field `field`), forbidden (a bound key naming another agent).
Result<store::AgentRecord> acting_agent(store::Tx& tx, const std::string& account_id,
                                        const std::optional<std::string>& bound_agent_id,
                                        const std::optional<std::string>& named,
                                        std::string_view field);

}  // namespace agentry::agent_signup
