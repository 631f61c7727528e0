#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/plans.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// Accounts and their API keys.
namespace agentry::accounts {

struct NewKey {
  std::string name;
  std::vector<std::string> scopes;  // canonical (scopes::normalize)
  std::optional<std::int64_t> expires_at_ms;
};

// A key as created: the record and, once only, the secret.
struct CreatedKey {
  store::ApiKeyRecord record;
  std::string secret;
};

struct NewAccount {
  std::string name;
  std::optional<std::string> handle;  // else one made from the name (handles::from_name)
  std::optional<std::string> email;
  std::string plan;
  bool is_admin = false;
  std::int64_t signup_credits = 0;  // micro-credits granted on creation
};

struct CreatedAccount {
  store::AccountRecord account;
  CreatedKey key;
};

// Creates an account, its wallet (with the signup credits and this month's plan credits) and
// its first key. `preset_secret`, when given, is used as that key (the
// operator's AGENTRY_ADMIN_KEY). Without a handle the account gets one made from its name, with a
// random suffix when that is taken. Errors: validation_error (unknown or unassignable plan, a
// handle that is not handles::valid), conflict (email or handle taken).
Result<CreatedAccount> create(store::Tx& tx, const plans::Catalog& catalog,
                              const NewAccount& account, const NewKey& key, std::int64_t now_ms,
                              const std::optional<std::string>& preset_secret = std::nullopt);

// Creates another key for the account `account_id`. The new key may hold only scopes that
// `caller_scopes` allow, and "admin" only on an admin account. Errors: not_found (no such
// account), insufficient_scope, validation_error (expiry not in the future), limit_reached (the
// plan's key limit).
Result<CreatedKey> create_key(store::Tx& tx, const plans::Catalog& catalog,
                              const std::string& account_id,
                              const std::vector<std::string>& caller_scopes, const NewKey& key,
                              std::int64_t now_ms);

// Revokes a key of `account_id`; takes effect on the key's next request. Errors: not_found (no
// such key in this account, or already revoked), insufficient_scope (the key holds scopes the
// caller lacks).
Result<store::ApiKeyRecord> revoke_key(store::Tx& tx, const std::string& account_id,
                                       const std::vector<std::string>& caller_scopes,
                                       const std::string& key_id, std::int64_t now_ms);

struct AccountChange {
  std::optional<std::string> name;
  std::optional<std::string> plan;
};

// Admin change of an account. Errors: not_found, validation_error (unknown plan).
Result<store::AccountRecord> change(store::Tx& tx, const plans::Catalog& catalog,
                                    const std::string& id, const AccountChange& change,
                                    std::int64_t now_ms);

// Reads. Routes check the caller's scopes; these answer only what the given account may see.

// The account `id`. Errors: not_found.
Result<store::AccountRecord> find(store::Tx& tx, const std::string& id);
// Every account, oldest first: the operator's list.
store::PageOf<store::AccountRecord> list(store::Tx& tx, store::Page page);

// What an account holds against its plan's limits.
struct Usage {
  std::int64_t agents = 0;
  std::int64_t api_keys = 0;  // neither revoked nor expired
};
struct Overview {
  store::AccountRecord account;
  Usage usage;
  std::int64_t low_balance_threshold_micro = 0;  // 0: no credits.low events
};
// The account `id` with what it holds at `now_ms`. Errors: not_found.
Result<Overview> overview(store::Tx& tx, const std::string& id, std::int64_t now_ms);

// What an account changes about itself; empty means "not given".
struct OwnChange {
  std::optional<std::string> name;
  std::optional<std::string> handle;                        // the old one is free at once
  std::optional<std::int64_t> low_balance_threshold_micro;  // 0 turns credits.low off
};

// The account changes its own settings; answers it as overview() does. Errors: not_found,
// validation_error (a handle that is not handles::valid), conflict (the handle is taken).
Result<Overview> change_own(store::Tx& tx, const std::string& id, const OwnChange& change,
                            std::int64_t now_ms);

// A key of the account `account_id`: another account's key is as absent as a missing one.
// Errors: not_found.
Result<store::ApiKeyRecord> find_key(store::Tx& tx, const std::string& account_id,
                                     const std::string& key_id);
// The account's keys, revoked ones included, oldest first.
store::PageOf<store::ApiKeyRecord> list_keys(store::Tx& tx, const std::string& account_id,
                                             store::Page page);
// Records that the key `key_id` was used at `at_ms` (its lastUsedAt).
void touch_key(store::Tx& tx, const std::string& key_id, std::int64_t at_ms);

}  // namespace agentry::accounts
