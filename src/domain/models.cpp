#include "domain/models.hpp"

#include <algorithm>
#include <map>

#include "core/ids.hpp"
#include "domain/agents.hpp"
#include "store/queries.hpp"

namespace agentry::models {
namespace {

Error no_model(const std::string& model) {
  return make_error(Errc::not_found,
                    "no model named \"" + model +
                        "\": name an agent by its id, one of your agents by its name, or a "
                        "public agent as <handle>/<agent-name>",
                    "model");
}

// Handles of agents' owners, each read once.
class Handles {
 public:
  explicit Handles(store::Tx& tx) : tx_(tx) {}
  const std::string& of(const std::string& account_id) {
    auto it = known_.find(account_id);
    if (it == known_.end()) {
      auto account = store::find_account(tx_, account_id);
      it = known_.emplace(account_id, account ? account->handle : std::string()).first;
    }
    return it->second;
  }

 private:
  store::Tx& tx_;
  std::map<std::string, std::string> known_;
};

Model model_of(Handles& handles, store::AgentRecord agent) {
  Model m;
  m.owner_handle = handles.of(agent.account_id);
  m.id = m.owner_handle + "/" + agent.name;
  m.agent = std::move(agent);
  return m;
}

}  // namespace

Result<store::AgentRecord> resolve(store::Tx& tx, const std::string& account_id,
                                   const std::string& model) {
  if (is_valid_id(model, "agt")) {
    auto agent = store::find_agent_by_id(tx, model);
    if (agent && agents::visible_to(*agent, account_id)) return std::move(*agent);
    return no_model(model);
  }
  if (auto own = store::find_agent_by_name(tx, account_id, model)) return std::move(*own);
  const std::size_t slash = model.find('/');
  if (slash == std::string::npos) return no_model(model);
  auto owner = store::find_account_by_handle(tx, model.substr(0, slash));
  if (!owner) return no_model(model);
  auto agent = store::find_agent_by_name(tx, owner->id, model.substr(slash + 1));
  if (agent && agents::visible_to(*agent, account_id)) return std::move(*agent);
  return no_model(model);
}

std::vector<Model> list(store::Tx& tx, const std::string& account_id, Kinds kinds) {
  Handles handles(tx);
  std::vector<Model> out;
  auto add = [&](const store::PageOf<store::AgentRecord>& page, bool others_only) {
    for (const store::AgentRecord& a : page.items) {
      if (static_cast<std::int64_t>(out.size()) >= max_listed) return;
      if (kinds == Kinds::hosted && a.kind != "hosted") continue;
      if (others_only && a.account_id == account_id) continue;
      out.push_back(model_of(handles, a));
    }
  };
  auto by_id = [](const Model& a, const Model& b) { return a.id < b.id; };
  add(agents::list_owned(tx, account_id, {}, {.limit = max_listed, .offset = 0}), false);
  const auto own = static_cast<std::ptrdiff_t>(out.size());
  std::sort(out.begin(), out.end(), by_id);
  add(agents::list_public(tx, {}, {.limit = max_listed, .offset = 0}), true);
  std::sort(out.begin() + own, out.end(), by_id);
  return out;
}

Result<Model> find(store::Tx& tx, const std::string& account_id, const std::string& model) {
  auto agent = resolve(tx, account_id, model);
  if (!agent) return agent.error();
  Handles handles(tx);
  return model_of(handles, std::move(*agent));
}

}  // namespace agentry::models
