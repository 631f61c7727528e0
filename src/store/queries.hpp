#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"
#include "store/records.hpp"

// The SQL of agentry, one named function per statement, in the subset both engines accept.
namespace agentry::store {

// accounts
void insert_account(Tx& tx, const AccountRecord& a);
std::optional<AccountRecord> find_account(Tx& tx, std::string_view id);
std::optional<AccountRecord> find_account_by_email(Tx& tx, std::string_view email);
std::optional<AccountRecord> find_account_by_handle(Tx& tx, std::string_view handle);
PageOf<AccountRecord> list_accounts(Tx& tx, Page page);
void update_account(Tx& tx, const AccountRecord& a);
std::int64_t count_accounts(Tx& tx);

// api_keys
void insert_api_key(Tx& tx, const ApiKeyRecord& k);
std::optional<ApiKeyRecord> find_api_key_by_hash(Tx& tx, std::string_view key_hash);
std::optional<ApiKeyRecord> find_api_key(Tx& tx, std::string_view account_id, std::string_view id);
PageOf<ApiKeyRecord> list_api_keys(Tx& tx, std::string_view account_id, Page page);
// Keys neither revoked nor expired at `now_ms`.
std::int64_t count_live_api_keys(Tx& tx, std::string_view account_id, std::int64_t now_ms);
// Returns false when the key was already revoked.
bool revoke_api_key(Tx& tx, std::string_view account_id, std::string_view id, std::int64_t at_ms);
// The address an agent's owner is reached at (AgentMarket's owner_email), if any.
void set_agent_contact(Tx& tx, std::string_view agent_id, std::string_view email);
std::optional<std::string> find_agent_contact(Tx& tx, std::string_view agent_id);
// The key `id` acts as the agent `agent_id` of its account from now on.
void bind_api_key(Tx& tx, std::string_view id, std::string_view agent_id);
// Records that key `id` was used at `at_ms` (kept if later than the last use); sent with the
// closure's next statement or commit (Tx::exec_later).
void touch_api_key(Tx& tx, std::string_view id, std::int64_t at_ms);

// False, inserting nothing, when the account already has an agent of that name. (No read
// first: on PostgreSQL a read of the name index would make concurrent creations by one account
// conflict with each other under SERIALIZABLE.)
bool insert_agent(Tx& tx, const AgentRecord& a);
std::optional<AgentRecord> find_agent(Tx& tx, std::string_view account_id, std::string_view id);
// Any account's agent: for callers that check ownership or visibility themselves.
std::optional<AgentRecord> find_agent_by_id(Tx& tx, std::string_view id);
// The account's agent named `name` (names are unique within an account).
std::optional<AgentRecord> find_agent_by_name(Tx& tx, std::string_view account_id,
                                              std::string_view name);
// Up to `limit` public agents named `name`, of any account, oldest first.
std::vector<AgentRecord> find_public_agents_by_name(Tx& tx, std::string_view name,
                                                    std::int64_t limit);
bool agent_name_taken(Tx& tx, std::string_view account_id, std::string_view name,
                      std::string_view except_id);
PageOf<AgentRecord> list_agents(Tx& tx, const AgentFilter& filter, Page page);
// Writes every mutable column, bumps the revision; false when `a.revision` is no longer current.
bool update_agent(Tx& tx, const AgentRecord& a);
// A remote agent's sealed signing secret.
std::optional<std::string> find_signing_secret(Tx& tx, std::string_view agent_id);
void put_signing_secret(Tx& tx, std::string_view agent_id, std::string_view sealed,
                        std::int64_t now_ms);

// Counts one more completed run of the agent.
void increment_agent_runs(Tx& tx, std::string_view id);
bool delete_agent(Tx& tx, std::string_view account_id, std::string_view id);
std::int64_t count_agents(Tx& tx, std::string_view account_id);
std::int64_t count_running_agents(Tx& tx, std::string_view account_id);

// idempotency_keys
std::optional<IdempotencyRecord> find_idempotency(Tx& tx, std::string_view account_id,
                                                  std::string_view key);
// Inserts `r`, or replaces the record of its key when that one was created before
// `replace_before_ms`, or (with `replace_pending`) is still pending. False when a live record
// it may not replace holds the key.
bool put_idempotency(Tx& tx, const IdempotencyRecord& r, std::int64_t replace_before_ms,
                     bool replace_pending);
std::int64_t purge_idempotency(Tx& tx, std::int64_t created_before_ms);

}  // namespace agentry::store
