#include "domain/delegation.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "core/json_escape.hpp"
#include "core/limits.hpp"
#include "domain/agents.hpp"
#include "store/queries.hpp"
#include "store/run_queries.hpp"
#include "store/swarm_queries.hpp"

namespace agentry::delegation {
namespace {

Error refused(Errc code, const std::string& why) {
  return make_error(code, why);
}

// The agents of the chain that led to `run`: its own and every ancestor's.
std::set<std::string> chain_of(store::Tx& tx, const store::RunRecord& run) {
  std::set<std::string> out{run.agent_id};
  std::optional<std::string> up = run.parent_run_id;
  for (std::int64_t i = 0; up && i <= max_depth; ++i) {
    const auto parent = store::find_run(tx, *up);
    if (!parent) break;
    out.insert(parent->agent_id);
    up = parent->parent_run_id;
  }
  return out;
}

}  // namespace

bool may_delegate(const store::RunRecord& run, const store::AgentRecord& agent) {
  return agent.kind == "hosted" && agent.swarm_id && run.account_id == agent.account_id &&
         run.depth < max_depth;
}

Result<store::RunRecord> delegate(store::Tx& tx, const store::RunRecord& parent,
                                  std::string_view member, std::string_view message,
                                  const runs::Terms& terms, std::int64_t spent_micro,
                                  std::int64_t timeout_ms, std::int64_t now_ms) {
  const auto asking = store::find_agent_by_id(tx, parent.agent_id);
  if (!asking || !may_delegate(parent, *asking)) {
    return refused(Errc::conflict, parent.depth >= max_depth
                                       ? "Delegation is limited to " + std::to_string(max_depth) +
                                             " levels: do this part yourself."
                                       : "This run may not ask other agents.");
  }
  const auto swarm = store::find_swarm(tx, *asking->swarm_id);
  if (!swarm) return refused(Errc::conflict, "This run may not ask other agents.");
  std::string names;
  std::optional<store::AgentRecord> target;
  for (const std::string& id : swarm->members) {
    if (id == asking->id) continue;
    auto agent = store::find_agent_by_id(tx, id);
    if (!agent) continue;
    names += (names.empty() ? "" : ", ") + agent->name;
    if (agent->id == member || agent->name == member) target = std::move(agent);
  }
  if (!target) {
    return refused(Errc::not_found, "No other member of your swarm is named \"" +
                                        std::string(member) +
                                        "\". Members: " + (names.empty() ? "none" : names) + ".");
  }
  if (timeout_ms <= 0) {
    return refused(Errc::conflict, "This run has no time left to wait for another agent.");
  }
  if (chain_of(tx, parent).contains(target->id)) {
    return refused(Errc::conflict, target->name +
                                       " is already working on this request further up the "
                                       "chain: asking it again would go round in a cycle.");
  }
  const std::int64_t left =
      parent.max_cost_micro - parent.price_per_task_micro - parent.delegated_micro - spent_micro;
  const std::int64_t share = left / 2;
  if (share <= 0) {
    return refused(Errc::insufficient_credits,
                   "Nothing is left of this run's maxCredits to hand to another agent.");
  }
  std::string input = R"({"message":)";
  append_json_string(input, message);
  input += "}";
  auto child = runs::create(tx, parent.account_id,
                            {.agent_id = target->id,
                             .input = std::move(input),
                             .max_credits = share,
                             .timeout_ms = timeout_ms,
                             .parent_run_id = parent.id,
                             .depth = parent.depth + 1},
                            terms, now_ms);
  if (!child) return child.error();
  store::add_delegated(tx, parent.id, child->max_cost_micro);
  return child;
}

}  // namespace agentry::delegation
