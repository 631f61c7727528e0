#include "domain/accounts.hpp"

#include "core/ids.hpp"
#include "domain/api_key.hpp"
#include "domain/events.hpp"
#include "domain/handles.hpp"
#include "domain/ledger.hpp"
#include "domain/scopes.hpp"
#include "store/ledger_queries.hpp"
#include "store/queries.hpp"

namespace agentry::accounts {
namespace {

Result<void> check_plan(const plans::Catalog& catalog, const std::string& plan_id, bool for_admin) {
  const plans::Plan* plan = catalog.find(plan_id);
  if (!plan || (!plan->assignable && !for_admin)) {
    return make_error(Errc::validation_error, "unknown plan \"" + plan_id + "\"", "plan");
  }
  return Ok{};
}

CreatedKey make_key(const std::string& account_id, const NewKey& key, std::int64_t now_ms,
                    const std::optional<std::string>& preset_secret) {
  CreatedKey out;
  out.secret = preset_secret ? *preset_secret : api_key::generate();
  out.record.id = new_id("key", now_ms);
  out.record.account_id = account_id;
  out.record.name = key.name;
  out.record.prefix = api_key::display_prefix(out.secret);
  out.record.key_hash = api_key::hash(out.secret);
  out.record.scopes = key.scopes;
  out.record.created_at_ms = now_ms;
  out.record.expires_at_ms = key.expires_at_ms;
  return out;
}

// Refuses a handle that is malformed or that another account holds.
Result<void> check_handle(store::Tx& tx, const std::string& handle, const std::string& account_id) {
  if (!handles::valid(handle)) {
    return make_error(Errc::validation_error,
                      "a handle is 2 to 39 characters of a-z, 0-9 and single '-', starting and "
                      "ending with a letter or digit",
                      "handle");
  }
  auto holder = store::find_account_by_handle(tx, handle);
  if (holder && holder->id != account_id) {
    return make_error(Errc::conflict, "the handle \"" + handle + "\" is taken", "handle");
  }
  return Ok{};
}

// The name's handle, or it with a random suffix when taken.
std::string free_handle(store::Tx& tx, std::string_view name) {
  std::string handle = handles::from_name(name);
  while (store::find_account_by_handle(tx, handle)) {
    handle = handles::with_random_suffix(handles::from_name(name));
  }
  return handle;
}

}  // namespace

Result<CreatedAccount> create(store::Tx& tx, const plans::Catalog& catalog,
                              const NewAccount& account, const NewKey& key, std::int64_t now_ms,
                              const std::optional<std::string>& preset_secret) {
  if (auto ok = check_plan(catalog, account.plan, account.is_admin); !ok) return ok.error();
  if (account.email && store::find_account_by_email(tx, *account.email)) {
    return make_error(Errc::conflict, "an account with this email already exists", "email");
  }
  CreatedAccount out;
  out.account = {new_id("acc", now_ms), account.name, account.email, account.plan,
                 account.is_admin,      now_ms,       now_ms};
  if (account.handle) {
    if (auto ok = check_handle(tx, *account.handle, out.account.id); !ok) return ok.error();
    out.account.handle = *account.handle;
  } else {
    out.account.handle = free_handle(tx, account.name);
  }
  store::insert_account(tx, out.account);
  ledger::open_wallet(tx, out.account.id, now_ms);
  if (account.signup_credits > 0) {
    // A new wallet is empty, and the setting is at most one amount's maximum: this cannot fail.
    (void)ledger::grant(tx, out.account.id, account.signup_credits, "signup_bonus",
                        {.memo = "credits for signing up"}, now_ms);
  }
  const plans::Plan* plan = catalog.find(account.plan);
  ledger::grant_plan_credits(tx, out.account.id, plan ? plan->monthly_credits_micro : 0, now_ms);
  out.key = make_key(out.account.id, key, now_ms, preset_secret);
  store::insert_api_key(tx, out.key.record);
  events::emit(tx, out.account.id, "api_key.created", &out.key.record, now_ms);
  return out;
}

Result<CreatedKey> create_key(store::Tx& tx, const plans::Catalog& catalog,
                              const std::string& account_id,
                              const std::vector<std::string>& caller_scopes, const NewKey& key,
                              std::int64_t now_ms) {
  auto found = find(tx, account_id);
  if (!found) return found.error();
  const store::AccountRecord& account = *found;
  if (!scopes::covers(caller_scopes, key.scopes)) {
    return make_error(Errc::insufficient_scope,
                      "a key can only grant scopes that the calling key holds", "scopes");
  }
  if (!account.is_admin && scopes::allows(key.scopes, "admin")) {
    return make_error(Errc::insufficient_scope, "only the admin account can grant \"admin\"",
                      "scopes");
  }
  if (key.expires_at_ms && *key.expires_at_ms <= now_ms) {
    return make_error(Errc::validation_error, "expiresAt must be in the future", "expiresAt");
  }
  const plans::Plan* plan = catalog.find(account.plan);
  if (plan && plan->max_api_keys &&
      store::count_live_api_keys(tx, account.id, now_ms) >= *plan->max_api_keys) {
    return make_error(Errc::limit_reached, "the " + plan->display_name + " plan allows " +
                                               std::to_string(*plan->max_api_keys) +
                                               " active API keys");
  }
  CreatedKey out = make_key(account.id, key, now_ms, std::nullopt);
  store::insert_api_key(tx, out.record);
  events::emit(tx, account.id, "api_key.created", &out.record, now_ms);
  return out;
}

Result<store::ApiKeyRecord> revoke_key(store::Tx& tx, const std::string& account_id,
                                       const std::vector<std::string>& caller_scopes,
                                       const std::string& key_id, std::int64_t now_ms) {
  auto key = store::find_api_key(tx, account_id, key_id);
  if (!key || key->revoked_at_ms) {
    return make_error(Errc::not_found, "no API key with id " + key_id);
  }
  if (!scopes::covers(caller_scopes, key->scopes)) {
    return make_error(Errc::insufficient_scope,
                      "a key can only revoke keys whose scopes it holds itself");
  }
  store::revoke_api_key(tx, account_id, key_id, now_ms);
  key->revoked_at_ms = now_ms;
  events::emit(tx, account_id, "api_key.revoked", &*key, now_ms);
  return *key;
}

Result<store::AccountRecord> change(store::Tx& tx, const plans::Catalog& catalog,
                                    const std::string& id, const AccountChange& change,
                                    std::int64_t now_ms) {
  auto account = store::find_account(tx, id);
  if (!account) return make_error(Errc::not_found, "no account with id " + id);
  if (change.plan) {
    if (account->is_admin) {
      return make_error(Errc::validation_error, "the admin account's plan cannot change", "plan");
    }
    if (auto ok = check_plan(catalog, *change.plan, false); !ok) return ok.error();
    account->plan = *change.plan;
  }
  if (change.name) account->name = *change.name;
  account->updated_at_ms = now_ms;
  store::update_account(tx, *account);
  return *account;
}

Result<store::AccountRecord> find(store::Tx& tx, const std::string& id) {
  auto account = store::find_account(tx, id);
  if (!account) return make_error(Errc::not_found, "no account with id " + id);
  return std::move(*account);
}

store::PageOf<store::AccountRecord> list(store::Tx& tx, store::Page page) {
  return store::list_accounts(tx, page);
}

Result<Overview> overview(store::Tx& tx, const std::string& id, std::int64_t now_ms) {
  auto account = find(tx, id);
  if (!account) return account.error();
  auto wallet = store::find_ledger_account(tx, id);
  return Overview{.account = std::move(*account),
                  .usage = {.agents = store::count_agents(tx, id),
                            .api_keys = store::count_live_api_keys(tx, id, now_ms)},
                  .low_balance_threshold_micro = wallet ? wallet->low_balance_micro : 0};
}

Result<Overview> change_own(store::Tx& tx, const std::string& id, const OwnChange& change,
                            std::int64_t now_ms) {
  auto account = store::find_account(tx, id);
  if (!account) return make_error(Errc::not_found, "no account with id " + id);
  if (change.handle) {
    if (auto ok = check_handle(tx, *change.handle, id); !ok) return ok.error();
  }
  if (change.name || change.handle) {
    if (change.name) account->name = *change.name;
    if (change.handle) account->handle = *change.handle;
    account->updated_at_ms = now_ms;
    store::update_account(tx, *account);
  }
  if (change.low_balance_threshold_micro) {
    store::set_low_balance(tx, id, *change.low_balance_threshold_micro);
  }
  return overview(tx, id, now_ms);
}

Result<store::ApiKeyRecord> find_key(store::Tx& tx, const std::string& account_id,
                                     const std::string& key_id) {
  auto key = store::find_api_key(tx, account_id, key_id);
  if (!key) return make_error(Errc::not_found, "no API key with id " + key_id);
  return std::move(*key);
}

store::PageOf<store::ApiKeyRecord> list_keys(store::Tx& tx, const std::string& account_id,
                                             store::Page page) {
  return store::list_api_keys(tx, account_id, page);
}

void touch_key(store::Tx& tx, const std::string& key_id, std::int64_t at_ms) {
  store::touch_api_key(tx, key_id, at_ms);
}

}  // namespace agentry::accounts
