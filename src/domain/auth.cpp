#include "domain/auth.hpp"

#include <mutex>

#include "store/queries.hpp"

namespace agentry::auth {

std::optional<Principal> load_principal(store::Tx& tx, const std::string& key_hash) {
  auto key = store::find_api_key_by_hash(tx, key_hash);
  if (!key || key->revoked_at_ms) return std::nullopt;
  auto account = store::find_account(tx, key->account_id);
  if (!account) return std::nullopt;
  return Principal{key->id,           account->id,        account->plan, key->scopes,
                   account->is_admin, key->expires_at_ms, key->agent_id};
}

std::optional<Principal> load_principal_of_key(store::Tx& tx, const std::string& account_id,
                                               const std::string& key_id, std::int64_t now_ms) {
  auto key = store::find_api_key(tx, account_id, key_id);
  if (!key || key->revoked_at_ms || (key->expires_at_ms && *key->expires_at_ms <= now_ms)) {
    return std::nullopt;
  }
  auto account = store::find_account(tx, key->account_id);
  if (!account) return std::nullopt;
  return Principal{key->id,           account->id,        account->plan, key->scopes,
                   account->is_admin, key->expires_at_ms, key->agent_id};
}

namespace {

std::size_t approximate_bytes(const Principal& p) {
  std::size_t n = sizeof(Principal) + p.key_id.size() + p.account_id.size() + p.plan.size() +
                  p.agent_id.value_or("").size();
  for (const auto& s : p.scopes) n += sizeof(std::string) + s.size();
  return n;
}

}  // namespace

KeyCache::KeyCache(const store::Database& db)
    : principals_({db.changes_of("api_keys"), db.changes_of("accounts")}, max_bytes,
                  approximate_bytes) {}

std::shared_ptr<const Principal> KeyCache::put(std::string key_hash, Principal principal,
                                               std::uint64_t version) {
  {
    std::lock_guard lock(known_mutex_);
    if (known_.size() >= max_touched) known_.clear();
    known_.insert(key_hash);
  }
  return principals_.put(std::move(key_hash), std::move(principal), version);
}

bool KeyCache::known(const std::string& key_hash) const {
  std::lock_guard lock(known_mutex_);
  return known_.contains(key_hash);
}

void KeyCache::forget(const std::string& key_hash) {
  std::lock_guard lock(known_mutex_);
  known_.erase(key_hash);
}

bool KeyCache::should_touch(const std::string& key_id, std::int64_t now_ms,
                            std::int64_t interval_ms) {
  std::lock_guard lock(touched_mutex_);
  if (touched_ms_.size() >= max_touched) touched_ms_.clear();
  auto [it, inserted] = touched_ms_.try_emplace(key_id, now_ms);
  if (inserted) return true;
  if (now_ms - it->second < interval_ms) return false;
  it->second = now_ms;
  return true;
}

}  // namespace agentry::auth
