#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// Agents as models: how the OpenAI and Anthropic surfaces name an agent in `model`, and which
// agents a caller may name.
namespace agentry::models {

// The most agents a model list holds: the caller's own first, then public ones.
inline constexpr std::int64_t max_listed = 500;

// The agent `model` names for `account_id`, first match wins:
//   1. an agent id (agt_…) of the caller's own agent or a public one;
//   2. the name of one of the caller's own agents;
//   3. `<handle>/<agent-name>`: the agent of that name of the account with that handle, when it is
//      the caller's own or public.
// Whether it may be run now (running, hosted) is the turn's check. Errors: not_found (also for
// another account's private agent).
Result<store::AgentRecord> resolve(store::Tx& tx, const std::string& account_id,
                                   const std::string& model);

// An agent as a model: its name for `model` and its owner's handle.
struct Model {
  std::string id;  // <handle>/<agent-name>
  std::string owner_handle;
  store::AgentRecord agent;
};

// Which agents a list holds: those one can chat with (hosted), or also those one can only run
// (remote agents, reached at their endpoint).
enum class Kinds { hosted, all };

// The agents `account_id` may use as models: its own, then public agents of other accounts, each
// part in the order of the model ids, at most max_listed in all.
std::vector<Model> list(store::Tx& tx, const std::string& account_id, Kinds kinds = Kinds::hosted);

// `model` as the caller may name it: the agent behind it and its model id. Errors: as resolve.
Result<Model> find(store::Tx& tx, const std::string& account_id, const std::string& model);

}  // namespace agentry::models
