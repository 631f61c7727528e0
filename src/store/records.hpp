#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The rows of agentry's tables, as plain structs. Times are Unix milliseconds.
namespace agentry::store {

struct AccountRecord {
  std::string id;
  std::string name;
  std::optional<std::string> email;
  std::string plan;
  bool is_admin = false;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::string handle;  // unique; names the account in model names
};

struct ApiKeyRecord {
  std::string id;
  std::string account_id;
  std::string name;
  std::string prefix;  // the displayable start of the key
  std::string key_hash;
  std::vector<std::string> scopes;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> expires_at_ms;
  std::optional<std::int64_t> revoked_at_ms;
  std::optional<std::int64_t> last_used_at_ms;
  std::optional<std::string> agent_id;  // the agent the key acts as (AgentMarket's agent keys)
};

struct AgentRecord {
  std::string id;
  std::string account_id;
  std::string name;
  std::string display_name;
  std::string description;
  std::string version;
  std::string kind;  // hosted | remote
  std::optional<std::string> model;
  std::string system_prompt;
  std::string soul_md;
  std::string workflow_md;
  std::vector<std::string> rules;
  std::vector<std::string> capabilities;
  std::int64_t price_per_task_micro = 0;
  std::optional<std::string> endpoint_url;
  std::string visibility;  // private | public
  std::string region;
  std::string status;  // running | stopped
  std::int64_t run_count = 0;
  double reputation_score = 0;
  std::int64_t total_tasks = 0;
  std::int64_t revision = 1;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> started_at_ms;
  std::optional<std::int64_t> stopped_at_ms;
  std::optional<std::string> swarm_id;  // the swarm it belongs to, if any
};

// Roughly the heap bytes an agent holds, for the budget of a cache of agents.
inline std::size_t approximate_bytes(const AgentRecord& a) {
  std::size_t n = sizeof(AgentRecord) + a.id.size() + a.account_id.size() + a.name.size() +
                  a.display_name.size() + a.description.size() + a.version.size() + a.kind.size() +
                  a.model.value_or("").size() + a.system_prompt.size() + a.soul_md.size() +
                  a.workflow_md.size() + a.endpoint_url.value_or("").size() + a.visibility.size() +
                  a.region.size() + a.status.size();
  for (const auto& r : a.rules) n += sizeof(std::string) + r.size();
  for (const auto& c : a.capabilities) n += sizeof(std::string) + c.size();
  return n;
}

// A request's stored answer under its Idempotency-Key.
struct IdempotencyRecord {
  std::string account_id;
  std::string key;
  std::string request_hash;
  std::string state;  // done: the answer is stored | pending: `response_body` names the resource
  std::int64_t status_code = 0;
  std::string location;  // the answer's Location header, or ""
  std::string etag;      // the answer's ETag header, or ""
  std::string response_body;
  std::int64_t created_at_ms = 0;
};

// A ledger account's row: a wallet (id = the account's id), a hold, or one of the platform's.
// Amounts are micro-credits.
struct LedgerAccountRecord {
  std::string id;
  std::string kind;  // wallet | hold | fees | mint
  std::optional<std::string> account_id;
  std::int64_t balance_micro = 0;
  std::int64_t held_micro = 0;            // wallets: in pending holds
  std::int64_t used = 0;                  // wallets: captured from their holds
  std::optional<std::string> hold_state;  // pending | posted | voided
  std::optional<std::int64_t> hold_amount;
  std::int64_t low_balance_micro = 0;  // wallets: credits.low below this available balance
};

// An immutable movement of `amount` from `debit_id` to `credit_id`.
struct TransferRecord {
  std::string id;
  std::string debit_id;
  std::string credit_id;
  std::int64_t amount_micro = 0;
  std::string kind;  // grant, deduct, signup_bonus, plan_credits, task_hold, task_payout, ...
  std::optional<std::string> hold_id;
  std::optional<std::string> phase;  // hold | capture | fee | release
  std::optional<std::string> task_id;
  std::optional<std::string> run_id;
  std::optional<std::string> agent_id;
  std::optional<std::string> memo;
  std::int64_t created_at_ms = 0;
};

// A transfer as one wallet sees it.
struct HistoryEntry {
  TransferRecord transfer;
  std::int64_t amount_micro = 0;             // signed: negative when the wallet paid
  std::string other_kind;                    // the other side's ledger account kind
  std::optional<std::string> other_account;  // the account behind the other side, if any
};

struct TaskRecord {
  std::string id;
  std::string account_id;  // the poster
  std::string title;
  std::string description;
  std::int64_t budget_micro = 0;
  std::vector<std::string> required_capabilities;
  std::optional<std::string> offered_agent_id;
  std::optional<std::string> offered_account_id;
  std::string priority;  // low | normal | high | urgent
  std::optional<std::int64_t> deadline_at_ms;
  std::string status;  // open | assigned | completed | cancelled | expired
  std::string hold_id;
  std::optional<std::string> agent_id;
  std::optional<std::string> assignee_account_id;
  std::optional<std::string> result;  // JSON text
  std::optional<std::int64_t> fee_micro;
  std::optional<std::int64_t> payout_micro;
  std::optional<std::int64_t> rating;
  std::optional<std::string> review;
  std::optional<std::int64_t> reviewed_at_ms;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> assigned_at_ms;
  std::optional<std::int64_t> closed_at_ms;
};

// A page request.
struct Page {
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

// A page of rows and the total count of matches.
template <class T>
struct PageOf {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct SecretRecord {
  std::string account_id;
  std::string name;
  std::string sealed;  // empty in lists: they never load the values
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// agents
struct AgentFilter {
  std::optional<std::string> account_id;  // one account's agents, or all accounts'
  bool public_only = false;
  bool or_public = false;  // with account_id: that account's agents and every public one
  std::optional<std::string> capability;
  std::optional<std::string> status;
  std::optional<std::string> text;  // matched case-insensitively in name, displayName, description
};

struct TaskFilter {
  // Who is looking: they see every task except direct offers to others.
  std::string viewer;
  std::optional<std::string> status;
  std::optional<std::string> capability;
  bool posted_by_viewer = false;
  bool assigned_to_viewer = false;
};

}  // namespace agentry::store
