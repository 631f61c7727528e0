#include "domain/agents.hpp"

#include <algorithm>

#include "core/ids.hpp"
#include "domain/agent_log.hpp"
#include "domain/events.hpp"
#include "domain/remote_agents.hpp"
#include "store/knowledge_queries.hpp"
#include "store/queries.hpp"
#include "store/skill_queries.hpp"
#include "store/swarm_queries.hpp"

namespace agentry::agents {
namespace {

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// Applies the fields of `d` to `a` and checks the rules that span fields.
Result<void> apply(store::AgentRecord& a, const Draft& d) {
  if (d.name) {
    a.name = trimmed(*d.name);
    if (a.name.empty()) return make_error(Errc::validation_error, "name must not be blank", "name");
  }
  if (d.display_name) a.display_name = *d.display_name;
  if (d.description) a.description = *d.description;
  if (d.version) a.version = *d.version;
  if (d.kind) a.kind = *d.kind;
  if (d.model) {
    if (*d.model != echo_model && d.prices && !d.prices->find(*d.model)) {
      return make_error(Errc::validation_error,
                        "model: " + *d.model +
                            " has no price; the operator adds it with --prices-file (see GET "
                            "/v1/pricing for the priced models)",
                        "model");
    }
    a.model = *d.model;
  }
  if (d.system_prompt) a.system_prompt = *d.system_prompt;
  if (d.soul_md) a.soul_md = *d.soul_md;
  if (d.workflow_md) a.workflow_md = *d.workflow_md;
  if (d.rules) a.rules = *d.rules;
  if (d.capabilities) {
    a.capabilities.clear();
    for (std::size_t i = 0; i < d.capabilities->size(); ++i) {
      auto tag = normalize_capability((*d.capabilities)[i]);
      if (!tag) {
        return make_error(Errc::validation_error,
                          "capabilities are 1-64 characters of a-z, 0-9, '.', '_' or '-'",
                          "capabilities[" + std::to_string(i) + "]");
      }
      if (std::find(a.capabilities.begin(), a.capabilities.end(), *tag) == a.capabilities.end()) {
        a.capabilities.push_back(std::move(*tag));
      }
    }
  }
  if (d.price_per_task_micro) a.price_per_task_micro = *d.price_per_task_micro;
  if (d.endpoint_url) {
    if (d.endpoint_url->empty()) {
      a.endpoint_url.reset();
    } else {
      auto ok =
          remote_agents::check_endpoint_url(*d.endpoint_url, d.allow_loopback_http, "endpointUrl");
      if (!ok) return ok.error();
      a.endpoint_url = *d.endpoint_url;
    }
  }
  if (d.visibility) a.visibility = *d.visibility;
  if (d.region) a.region = *d.region;
  if (a.display_name.empty()) a.display_name = a.name;
  if (a.kind == "remote" && !a.endpoint_url) {
    return make_error(Errc::validation_error, "a remote agent needs an https endpointUrl",
                      "endpointUrl");
  }
  if (a.kind == "hosted" && !a.model) a.model = std::string(default_model);
  return Ok{};
}

}  // namespace

std::optional<std::string> normalize_capability(std::string_view tag) {
  if (tag.empty() || tag.size() > 64) return std::nullopt;
  std::string out;
  out.reserve(tag.size());
  for (char c : tag) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool alnum = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (!alnum && (out.empty() || (lower != '.' && lower != '_' && lower != '-'))) {
      return std::nullopt;
    }
    out.push_back(lower);
  }
  return out;
}

namespace {
// The plan's limits on one more agent (`adds`) and on one more running (`starts`): 403
// limit_reached past either, as Agento documents.
Result<void> within_plan(store::Tx& tx, const std::string& account_id, const plans::Plan* plan,
                         bool adds, bool starts) {
  if (!plan) return Ok{};
  if (adds && plan->max_agents && store::count_agents(tx, account_id) >= *plan->max_agents) {
    return make_error(Errc::limit_reached, "the " + plan->display_name + " plan allows " +
                                               std::to_string(*plan->max_agents) + " agents");
  }
  if (starts && plan->max_running_agents &&
      store::count_running_agents(tx, account_id) >= *plan->max_running_agents) {
    return make_error(Errc::limit_reached, "the " + plan->display_name + " plan allows " +
                                               std::to_string(*plan->max_running_agents) +
                                               " running agents; stop one first");
  }
  return Ok{};
}
}  // namespace

Result<store::AgentRecord> create(store::Tx& tx, const std::string& account_id, const Draft& draft,
                                  std::int64_t now_ms) {
  if (!draft.name) return make_error(Errc::validation_error, "name is required", "name");
  store::AgentRecord a;
  a.id = new_id("agt", now_ms);
  a.account_id = account_id;
  a.version = "1.0.0";
  a.kind = "hosted";
  a.visibility = "private";
  a.region = "default";
  a.status = "running";
  a.created_at_ms = now_ms;
  a.updated_at_ms = now_ms;
  a.started_at_ms = now_ms;
  if (auto ok = apply(a, draft); !ok) return ok.error();
  if (auto ok = within_plan(tx, account_id, draft.plan, true, true); !ok) return ok.error();
  if (!store::insert_agent(tx, a)) {
    return make_error(Errc::conflict, "an agent named \"" + a.name + "\" already exists", "name");
  }
  agent_log::record(tx, a.id, "info", "agent.created", "created as a " + a.kind + " agent", {},
                    now_ms);
  events::emit(tx, account_id, "agent.created", &a, now_ms);
  return a;
}

Result<store::AgentRecord> update(store::Tx& tx, const std::string& account_id,
                                  const std::string& id, const Draft& draft,
                                  std::optional<std::int64_t> expected_revision,
                                  std::int64_t now_ms) {
  auto a = store::find_agent(tx, account_id, id);
  if (!a) return make_error(Errc::not_found, "no agent with id " + id);
  if (expected_revision && *expected_revision != a->revision) {
    return make_error(Errc::conflict, "the agent changed since the ETag given in If-Match");
  }
  if (auto ok = apply(*a, draft); !ok) return ok.error();
  if (draft.name && store::agent_name_taken(tx, account_id, a->name, a->id)) {
    return make_error(Errc::conflict, "an agent named \"" + a->name + "\" already exists", "name");
  }
  a->updated_at_ms = now_ms;
  if (!store::update_agent(tx, *a)) {
    return make_error(Errc::conflict, "the agent changed while it was being updated");
  }
  ++a->revision;
  agent_log::record(tx, a->id, "info", "agent.updated",
                    "definition changed (revision " + std::to_string(a->revision) + ")", {},
                    now_ms);
  events::emit(tx, account_id, "agent.updated", &*a, now_ms);
  return *a;
}

Result<store::AgentRecord> transition(store::Tx& tx, const std::string& account_id,
                                      const std::string& id, Lifecycle action, std::int64_t now_ms,
                                      const plans::Plan* plan) {
  auto a = store::find_agent(tx, account_id, id);
  if (!a) return make_error(Errc::not_found, "no agent with id " + id);
  const bool running = a->status == "running";
  if (action != Lifecycle::stop && !running) {
    if (auto ok = within_plan(tx, account_id, plan, false, true); !ok) return ok.error();
  }
  if (action == Lifecycle::stop && running) {
    a->status = "stopped";
    a->stopped_at_ms = now_ms;
  } else if (action == Lifecycle::start && !running) {
    a->status = "running";
    a->started_at_ms = now_ms;
  } else if (action == Lifecycle::restart) {
    a->status = "running";
    if (running) a->stopped_at_ms = now_ms;
    a->started_at_ms = now_ms;
  } else {
    return *a;
  }
  a->updated_at_ms = now_ms;
  if (!store::update_agent(tx, *a)) {
    return make_error(Errc::conflict, "the agent changed while it was being updated");
  }
  ++a->revision;
  const char* event = action == Lifecycle::stop    ? "agent.stopped"
                      : action == Lifecycle::start ? "agent.started"
                                                   : "agent.restarted";
  agent_log::record(tx, a->id, "info", event, std::string(event + 6), {}, now_ms);
  // A restart of a running agent is a stop and a start to whoever follows its events.
  if (action != Lifecycle::start && running) {
    events::emit(tx, account_id, "agent.stopped", &*a, now_ms);
  }
  if (action != Lifecycle::stop) events::emit(tx, account_id, "agent.started", &*a, now_ms);
  return *a;
}

Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id,
                    std::int64_t now_ms) {
  auto a = store::find_agent(tx, account_id, id);
  if (!a || !store::delete_agent(tx, account_id, id)) {
    return make_error(Errc::not_found, "no agent with id " + id);
  }
  agent_log::forget(tx, id);
  store::delete_knowledge_base(tx, id);
  store::uninstall_skills(tx, id);
  if (a->swarm_id) store::drop_coordinator(tx, id, now_ms);
  events::emit(tx, account_id, "agent.deleted", &*a, now_ms);
  return Ok{};
}

std::string compose_prompt(const store::AgentRecord& agent) {
  std::string out;
  auto part = [&out](std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return;
    const auto last = text.find_last_not_of(" \t\r\n");
    if (!out.empty()) out += "\n\n";
    out += text.substr(first, last - first + 1);
  };
  part(agent.system_prompt);
  part(agent.soul_md);
  part(agent.workflow_md);
  if (!agent.rules.empty()) {
    std::string rules = "Rules:";
    for (const auto& r : agent.rules) rules += "\n- " + r;
    part(rules);
  }
  return out;
}

bool owned_by(const store::AgentRecord& agent, const std::string& account_id) {
  return agent.account_id == account_id;
}

bool is_public(const store::AgentRecord& agent) {
  return agent.visibility == "public";
}

bool visible_to(const store::AgentRecord& agent, const std::string& account_id) {
  return owned_by(agent, account_id) || is_public(agent);
}

Result<store::AgentRecord> find_by_reference(store::Tx& tx, const std::string& account_id,
                                             const std::string& reference) {
  const Error none = make_error(Errc::not_found, "no agent " + reference, "agentId");
  if (is_valid_id(reference, "agt")) {
    auto agent = store::find_agent_by_id(tx, reference);
    if (agent && visible_to(*agent, account_id)) return std::move(*agent);
    return none;
  }
  if (auto own = store::find_agent_by_name(tx, account_id, reference)) return std::move(*own);
  auto named = store::find_public_agents_by_name(tx, reference, 2);
  if (named.empty()) return none;
  if (named.size() > 1) {
    return make_error(Errc::conflict,
                      "several public agents are named " + reference + ": name one by its id",
                      "agentId");
  }
  return std::move(named.front());
}

Result<store::AgentRecord> find_owned(store::Tx& tx, const std::string& account_id,
                                      const std::string& id) {
  auto agent = store::find_agent(tx, account_id, id);
  if (!agent) return make_error(Errc::not_found, "no agent with id " + id);
  return std::move(*agent);
}

std::optional<store::AgentRecord> load(store::Tx& tx, const std::string& id) {
  return store::find_agent_by_id(tx, id);
}

store::PageOf<store::AgentRecord> list_owned(store::Tx& tx, const std::string& account_id,
                                             store::AgentFilter filter, store::Page page) {
  filter.account_id = account_id;
  filter.public_only = false;
  filter.or_public = false;
  return store::list_agents(tx, filter, page);
}

store::PageOf<store::AgentRecord> list_available(store::Tx& tx, const std::string& account_id,
                                                 store::AgentFilter filter, store::Page page) {
  filter.account_id = account_id;
  filter.public_only = false;
  filter.or_public = true;
  return store::list_agents(tx, filter, page);
}

store::PageOf<store::AgentRecord> list_public(store::Tx& tx, store::AgentFilter filter,
                                              store::Page page) {
  filter.account_id.reset();
  filter.public_only = true;
  return store::list_agents(tx, filter, page);
}

}  // namespace agentry::agents
