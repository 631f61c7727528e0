#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/secrets.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "store/swarm_records.hpp"

// Swarms (Agento's swarms): an account's agents grouped so that they share a knowledge base
// (searched with each member's own), credentials (swarm secrets, looked up before the
// account's) and work (a member may ask another through the ask_agent tool). An agent belongs
// to at most one swarm; another account's swarm is not_found.
namespace agentry::swarms {

inline constexpr std::int64_t max_per_account = 100;
inline constexpr std::size_t max_members = 50;

struct Draft {
  std::optional<std::string> name;  // 1–64 characters, unique in the account
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> members;  // agent ids (create only)
  // A member that runs of the swarm go to; "" clears it.
  std::optional<std::string> coordinator_id;
};

// Errors: validation_error (name, a member or coordinator that is not the account's agent —
// field members / coordinatorId), conflict (the name is taken; a member is in another swarm),
// limit_reached (max_per_account swarms, max_members members).
Result<store::SwarmRecord> create(store::Tx& tx, const std::string& account_id, const Draft& draft,
                                  std::int64_t now_ms);
// Errors: not_found.
Result<store::SwarmRecord> get(store::Tx& tx, const std::string& account_id, const std::string& id);
store::PageOf<store::SwarmRecord> list(store::Tx& tx, const std::string& account_id,
                                       store::Page page);
// Changes the name, description or coordinator (members change with add_member and
// remove_member). Errors: not_found, as create.
Result<store::SwarmRecord> update(store::Tx& tx, const std::string& account_id,
                                  const std::string& id, const Draft& draft, std::int64_t now_ms);
// Deletes the swarm with its knowledge and secrets; its members stay, in no swarm. Errors:
// not_found.
Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id,
                    std::int64_t now_ms);
// Errors: not_found (the swarm, or the agent among the account's), conflict (the agent is in
// another swarm), limit_reached (max_members). Adding a member again is a no-op.
Result<store::SwarmRecord> add_member(store::Tx& tx, const std::string& account_id,
                                      const std::string& id, const std::string& agent_id,
                                      std::int64_t now_ms);
// Errors: not_found (the swarm, or the agent is not a member). A coordinator that leaves is no
// longer the coordinator.
Result<store::SwarmRecord> remove_member(store::Tx& tx, const std::string& account_id,
                                         const std::string& id, const std::string& agent_id,
                                         std::int64_t now_ms);

// Who takes a run started on the swarm (POST /v1/swarms/{id}/runs): the member named by
// `agent_id` when given; else the coordinator; else the running member whose capabilities share
// the most terms (knowledge_terms.hpp: folded, stemmed, without stop words) with the input's
// text, the oldest member first among equals. Errors: not_found (the swarm), validation_error
// (`agent_id` is not a member — field agentId), conflict (the swarm has no member; or no running
// one when none is named).
struct Pick {
  std::string agent_id;
  std::string reason;  // named | coordinator | capabilities
};
Result<Pick> pick_member(store::Tx& tx, const std::string& account_id, const std::string& swarm_id,
                         std::string_view input_text, const std::optional<std::string>& agent_id);

// The swarm's secrets: the same rules as an account's (secrets.hpp), sealed for the swarm.
// Errors: not_found (the swarm; the secret for find and remove), as secrets::put.
Result<store::SecretRecord> put_secret(store::Tx& tx, const secrets::Vault& vault,
                                       const std::string& account_id, const std::string& id,
                                       const std::string& name, std::string_view value,
                                       std::int64_t now_ms);
// Several at once, all or none, as secrets::put_all.
Result<std::vector<store::SecretRecord>> put_secrets(
    store::Tx& tx, const secrets::Vault& vault, const std::string& account_id,
    const std::string& id, const std::vector<std::pair<std::string, std::string>>& values,
    std::int64_t now_ms);
Result<std::vector<store::SecretRecord>> list_secrets(store::Tx& tx, const std::string& account_id,
                                                      const std::string& id);
Result<store::SecretRecord> find_secret(store::Tx& tx, const std::string& account_id,
                                        const std::string& id, const std::string& name);
Result<void> remove_secret(store::Tx& tx, const std::string& account_id, const std::string& id,
                           const std::string& name);

}  // namespace agentry::swarms
