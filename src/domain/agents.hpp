#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/plans.hpp"
#include "domain/pricing.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// The agent registry: hosted agents (model + prompts, run by agentry) and remote agents (reached
// at their own HTTPS endpoint).
namespace agentry::agents {

inline constexpr std::string_view default_model = "gpt-4o-mini";
// The built-in offline provider's model: free, for trying the server.
inline constexpr std::string_view echo_model = "echo";

// Fields a caller sets on create or changes on update; empty means "not given".
struct Draft {
  std::optional<std::string> name;
  std::optional<std::string> display_name;
  std::optional<std::string> description;
  std::optional<std::string> version;
  std::optional<std::string> kind;
  std::optional<std::string> model;
  std::optional<std::string> system_prompt;
  std::optional<std::string> soul_md;
  std::optional<std::string> workflow_md;
  std::optional<std::vector<std::string>> rules;
  std::optional<std::vector<std::string>> capabilities;
  std::optional<std::int64_t> price_per_task_micro;
  std::optional<std::string> endpoint_url;  // "" clears it
  std::optional<std::string> visibility;
  std::optional<std::string> region;
  // Set by the server, not the caller: accept an http:// endpointUrl on a loopback host (a
  // development setting; the outbound client then calls only loopback addresses for it).
  bool allow_loopback_http = false;
  // The operator's model prices: a hosted agent's model must have one (or be echo), so that an
  // unpriced model is refused when it is named, not on every run.
  const pricing::PriceTable* prices = nullptr;
  // The account's plan, whose maxAgents and maxRunningAgents a new agent may not pass; nullptr:
  // no limits (tests and tools).
  const plans::Plan* plan = nullptr;
};

// Creates a running agent. Errors: validation_error (missing name, bad capability, a remote
// agent without an https endpointUrl), conflict (name taken in this account), limit_reached
// (the plan's maxAgents or maxRunningAgents).
Result<store::AgentRecord> create(store::Tx& tx, const std::string& account_id, const Draft& draft,
                                  std::int64_t now_ms);

// Applies `draft` to the agent. When `expected_revision` is set and the agent has moved on,
// answers conflict. Errors: not_found, validation_error, conflict.
Result<store::AgentRecord> update(store::Tx& tx, const std::string& account_id,
                                  const std::string& id, const Draft& draft,
                                  std::optional<std::int64_t> expected_revision,
                                  std::int64_t now_ms);

enum class Lifecycle { start, stop, restart };

// Moves the agent between stopped and running; starting a running agent or stopping a stopped
// one is a no-op that still answers the agent. Errors: not_found, limit_reached (starting one
// past `plan`'s maxRunningAgents; nullptr: no limit).
Result<store::AgentRecord> transition(store::Tx& tx, const std::string& account_id,
                                      const std::string& id, Lifecycle action, std::int64_t now_ms,
                                      const plans::Plan* plan = nullptr);

// Deletes the agent. Errors: not_found.
Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id,
                    std::int64_t now_ms);

// Who sees an agent. Its owner sees all of it; everyone sees a public agent's marketplace view,
// and may hire it. Another account's private agent is as absent as a missing one (not_found).
bool owned_by(const store::AgentRecord& agent, const std::string& account_id);
bool is_public(const store::AgentRecord& agent);
// Owned by `account_id`, or public: an agent the account may run, or offer a task to.
bool visible_to(const store::AgentRecord& agent, const std::string& account_id);

// Reads, each with its rule.

// The account's own agent `id`. Errors: not_found.
Result<store::AgentRecord> find_owned(store::Tx& tx, const std::string& account_id,
                                      const std::string& id);
// The agent a caller names by reference, as the seeds' APIs pass agents (an id, or a name such
// as "code-reviewer"): its id (the caller's own agent or a public one), else the caller's own
// agent of that name, else the one public agent of that name. Errors: not_found (field
// "agentId"); conflict when several public agents of other accounts bear the name (name it by
// id then).
Result<store::AgentRecord> find_by_reference(store::Tx& tx, const std::string& account_id,
                                             const std::string& reference);
// The agent `id` whoever owns it, for the node's agent cache and for the worker that runs a run
// of it; whoever shows it to a caller applies owned_by or is_public first.
std::optional<store::AgentRecord> load(store::Tx& tx, const std::string& id);
// The account's own agents that match `filter`, by name.
store::PageOf<store::AgentRecord> list_owned(store::Tx& tx, const std::string& account_id,
                                             store::AgentFilter filter, store::Page page);
// The agents the account may run that match `filter`: its own and every public one, newest
// first.
store::PageOf<store::AgentRecord> list_available(store::Tx& tx, const std::string& account_id,
                                                 store::AgentFilter filter, store::Page page);
// The marketplace: public agents of every account that match `filter`.
store::PageOf<store::AgentRecord> list_public(store::Tx& tx, store::AgentFilter filter,
                                              store::Page page);

// The system prompt of a hosted agent: its systemPrompt, SOUL.md and WORKFLOW.md, then its rules
// as a list, each part only when it has text, separated by blank lines.
std::string compose_prompt(const store::AgentRecord& agent);

// Lower-cases and checks one capability tag: 1–64 of [a-z0-9._-], starting with a letter or digit.
std::optional<std::string> normalize_capability(std::string_view tag);

}  // namespace agentry::agents
