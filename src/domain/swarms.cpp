#include "domain/swarms.hpp"

#include <algorithm>
#include <set>

#include "core/ids.hpp"
#include "core/utf8.hpp"
#include "domain/agents.hpp"
#include "domain/knowledge_terms.hpp"
#include "store/knowledge_queries.hpp"
#include "store/queries.hpp"
#include "store/secret_queries.hpp"
#include "store/swarm_queries.hpp"

namespace agentry::swarms {
namespace {

Error absent(const std::string& id) {
  return make_error(Errc::not_found, "no swarm with id " + id);
}

Result<store::SwarmRecord> own_swarm(store::Tx& tx, const std::string& account_id,
                                     const std::string& id) {
  auto s = store::find_swarm(tx, id);
  if (!s || s->account_id != account_id) return absent(id);
  return std::move(*s);
}

Result<void> check_text(const Draft& d, const std::string& account_id, const std::string& id,
                        store::Tx& tx) {
  if (d.name) {
    const auto chars = utf8::text_chars(*d.name);
    if (!chars || *chars == 0 || *chars > 64) {
      return make_error(Errc::validation_error, "name: must be 1–64 characters of text", "name");
    }
    if (store::swarm_name_taken(tx, account_id, *d.name, id)) {
      return make_error(Errc::conflict, "you have a swarm named " + *d.name + " already");
    }
  }
  if (d.description) {
    const auto chars = utf8::text_chars(*d.description);
    if (!chars || *chars > 2000) {
      return make_error(Errc::validation_error,
                        "description: must be text of at most 2000 characters", "description");
    }
  }
  return Ok{};
}

// The agent when it is the account's and may join `swarm_id`.
Result<store::AgentRecord> joinable(store::Tx& tx, const std::string& account_id,
                                    const std::string& agent_id, const std::string& swarm_id,
                                    std::string_view field) {
  auto agent = store::find_agent(tx, account_id, agent_id);
  if (!agent) {
    return make_error(
        field.empty() ? Errc::not_found : Errc::validation_error,
        (field.empty() ? "" : std::string(field) + ": ") + "no agent with id " + agent_id,
        std::string(field));
  }
  if (agent->swarm_id && *agent->swarm_id != swarm_id) {
    return make_error(Errc::conflict, "agent " + agent_id + " is in swarm " + *agent->swarm_id +
                                          "; an agent belongs to one swarm at most");
  }
  return std::move(*agent);
}

}  // namespace

Result<store::SwarmRecord> create(store::Tx& tx, const std::string& account_id, const Draft& draft,
                                  std::int64_t now_ms) {
  if (!draft.name) return make_error(Errc::validation_error, "name: is required", "name");
  const std::string id = new_id("swm", now_ms);
  if (auto ok = check_text(draft, account_id, id, tx); !ok) return ok.error();
  if (store::count_swarms(tx, account_id) >= max_per_account) {
    return make_error(Errc::limit_reached,
                      "an account may have at most " + std::to_string(max_per_account) + " swarms");
  }
  const std::vector<std::string> members = draft.members.value_or(std::vector<std::string>{});
  if (members.size() > max_members) {
    return make_error(Errc::limit_reached,
                      "a swarm may have at most " + std::to_string(max_members) + " members");
  }
  for (const std::string& m : std::set<std::string>(members.begin(), members.end())) {
    auto agent = joinable(tx, account_id, m, id, "members");
    if (!agent) return agent.error();
  }
  store::SwarmRecord s{.id = id,
                       .account_id = account_id,
                       .name = *draft.name,
                       .description = draft.description.value_or(""),
                       .created_at_ms = now_ms,
                       .updated_at_ms = now_ms};
  if (draft.coordinator_id && !draft.coordinator_id->empty()) {
    if (std::ranges::find(members, *draft.coordinator_id) == members.end()) {
      return make_error(Errc::validation_error, "coordinatorId: must be one of the members",
                        "coordinatorId");
    }
    s.coordinator_id = draft.coordinator_id;
  }
  store::insert_swarm(tx, s);
  for (const std::string& m : std::set<std::string>(members.begin(), members.end())) {
    store::set_agent_swarm(tx, m, id, now_ms);
  }
  return *store::find_swarm(tx, id);
}

Result<store::SwarmRecord> get(store::Tx& tx, const std::string& account_id,
                               const std::string& id) {
  return own_swarm(tx, account_id, id);
}

Result<Pick> pick_member(store::Tx& tx, const std::string& account_id, const std::string& swarm_id,
                         std::string_view input_text, const std::optional<std::string>& agent_id) {
  auto s = own_swarm(tx, account_id, swarm_id);
  if (!s) return s.error();
  if (agent_id) {
    if (std::ranges::find(s->members, *agent_id) == s->members.end()) {
      return make_error(Errc::validation_error,
                        "agentId: " + *agent_id + " is not a member of swarm " + swarm_id,
                        "agentId");
    }
    return Pick{*agent_id, "named"};
  }
  if (s->members.empty()) {
    return make_error(Errc::conflict, "swarm " + swarm_id + " has no members to run");
  }
  if (s->coordinator_id) return Pick{*s->coordinator_id, "coordinator"};
  const auto wanted = knowledge::terms_of(input_text);
  const std::set<std::string> asked(wanted.begin(), wanted.end());
  std::optional<Pick> best;
  std::size_t best_shared = 0;
  for (const std::string& id : s->members) {
    const auto agent = agents::load(tx, id);
    if (!agent || agent->status != "running") continue;
    std::set<std::string> offered;
    for (const std::string& c : agent->capabilities) {
      for (std::string& t : knowledge::terms_of(c)) offered.insert(std::move(t));
    }
    const auto shared = static_cast<std::size_t>(
        std::ranges::count_if(offered, [&](const std::string& t) { return asked.contains(t); }));
    if (!best || shared > best_shared) {
      best = Pick{id, "capabilities"};
      best_shared = shared;
    }
  }
  if (!best) {
    return make_error(Errc::conflict, "no member of swarm " + swarm_id + " is running");
  }
  return *best;
}

store::PageOf<store::SwarmRecord> list(store::Tx& tx, const std::string& account_id,
                                       store::Page page) {
  return store::list_swarms(tx, account_id, page);
}

Result<store::SwarmRecord> update(store::Tx& tx, const std::string& account_id,
                                  const std::string& id, const Draft& draft, std::int64_t now_ms) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  if (auto ok = check_text(draft, account_id, id, tx); !ok) return ok.error();
  if (draft.name) s->name = *draft.name;
  if (draft.description) s->description = *draft.description;
  if (draft.coordinator_id) {
    if (draft.coordinator_id->empty()) {
      s->coordinator_id.reset();
    } else if (std::ranges::find(s->members, *draft.coordinator_id) == s->members.end()) {
      return make_error(Errc::validation_error, "coordinatorId: must be one of the members",
                        "coordinatorId");
    } else {
      s->coordinator_id = draft.coordinator_id;
    }
  }
  s->updated_at_ms = now_ms;
  store::update_swarm(tx, *s);
  return s;
}

Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id,
                    std::int64_t now_ms) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  store::delete_swarm(tx, id, now_ms);
  store::delete_knowledge_base(tx, id);
  store::delete_secrets_of(tx, id);
  return Ok{};
}

Result<store::SwarmRecord> add_member(store::Tx& tx, const std::string& account_id,
                                      const std::string& id, const std::string& agent_id,
                                      std::int64_t now_ms) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  auto agent = joinable(tx, account_id, agent_id, id, "");
  if (!agent) return agent.error();
  if (agent->swarm_id) return s;
  if (s->members.size() >= max_members) {
    return make_error(Errc::limit_reached,
                      "a swarm may have at most " + std::to_string(max_members) + " members");
  }
  store::set_agent_swarm(tx, agent_id, id, now_ms);
  return *store::find_swarm(tx, id);
}

Result<store::SwarmRecord> remove_member(store::Tx& tx, const std::string& account_id,
                                         const std::string& id, const std::string& agent_id,
                                         std::int64_t now_ms) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  if (std::ranges::find(s->members, agent_id) == s->members.end()) {
    return make_error(Errc::not_found, "agent " + agent_id + " is not a member of swarm " + id);
  }
  store::set_agent_swarm(tx, agent_id, std::nullopt, now_ms);
  if (s->coordinator_id == agent_id) {
    s->coordinator_id.reset();
    s->updated_at_ms = now_ms;
    store::update_swarm(tx, *s);
  }
  return *store::find_swarm(tx, id);
}

Result<store::SecretRecord> put_secret(store::Tx& tx, const secrets::Vault& vault,
                                       const std::string& account_id, const std::string& id,
                                       const std::string& name, std::string_view value,
                                       std::int64_t now_ms) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  return secrets::put(tx, vault, id, name, value, now_ms);
}

Result<std::vector<store::SecretRecord>> put_secrets(
    store::Tx& tx, const secrets::Vault& vault, const std::string& account_id,
    const std::string& id, const std::vector<std::pair<std::string, std::string>>& values,
    std::int64_t now_ms) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  return secrets::put_all(tx, vault, id, values, now_ms);
}

Result<std::vector<store::SecretRecord>> list_secrets(store::Tx& tx, const std::string& account_id,
                                                      const std::string& id) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  return secrets::list(tx, id);
}

Result<store::SecretRecord> find_secret(store::Tx& tx, const std::string& account_id,
                                        const std::string& id, const std::string& name) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  return secrets::find(tx, id, name);
}

Result<void> remove_secret(store::Tx& tx, const std::string& account_id, const std::string& id,
                           const std::string& name) {
  auto s = own_swarm(tx, account_id, id);
  if (!s) return s.error();
  return secrets::remove(tx, id, name);
}

}  // namespace agentry::swarms
