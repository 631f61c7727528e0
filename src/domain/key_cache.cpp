#include "domain/key_cache.hpp"

#include <mutex>

#include "store/queries.hpp"

namespace agentry::auth {

std::optional<Principal> load_principal(store::Tx& tx, const std::string& key_hash) {
  auto key = store::find_api_key_by_hash(tx, key_hash);
  if (!key || key->revoked_at_ms) return std::nullopt;
  auto account = store::find_account(tx, key->account_id);
  if (!account) return std::nullopt;
  return Principal{key->id,     account->id,       account->plan,
                   key->scopes, account->is_admin, key->expires_at_ms};
}

std::shared_ptr<const Principal> KeyCache::find(const std::string& key_hash) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key_hash);
  if (it == entries_.end()) return nullptr;
  return it->second;
}

std::uint64_t KeyCache::generation() const {
  std::shared_lock lock(mutex_);
  return generation_;
}

void KeyCache::put(const std::string& key_hash, std::shared_ptr<const Principal> principal,
                   std::uint64_t generation) {
  std::unique_lock lock(mutex_);
  if (generation != generation_) return;
  if (entries_.size() >= max_entries) entries_.clear();
  entries_.insert_or_assign(key_hash, std::move(principal));
}

void KeyCache::clear() {
  std::unique_lock lock(mutex_);
  entries_.clear();
  ++generation_;
}

bool KeyCache::should_touch(const std::string& key_id, std::int64_t now_ms,
                            std::int64_t interval_ms) {
  std::lock_guard lock(touched_mutex_);
  if (touched_ms_.size() >= max_entries) touched_ms_.clear();
  auto [it, inserted] = touched_ms_.try_emplace(key_id, now_ms);
  if (inserted) return true;
  if (now_ms - it->second < interval_ms) return false;
  it->second = now_ms;
  return true;
}

}  // namespace agentry::auth
