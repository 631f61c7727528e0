#include "domain/secrets.hpp"

#include "store/secret_queries.hpp"

namespace agentry::secrets {
namespace {
std::string row_of(std::string_view account_id, std::string_view name) {
  std::string aad(account_id);
  aad += '/';
  aad += name;
  return aad;
}
}  // namespace

std::string Vault::seal(std::string_view account_id, std::string_view name,
                        std::string_view value) const {
  return crypto::to_hex(crypto::seal(key_, value, row_of(account_id, name)));
}

std::optional<std::string> Vault::open(const store::SecretRecord& record) const {
  auto sealed = crypto::from_hex(record.sealed);
  if (!sealed) return std::nullopt;
  return crypto::open(key_, *sealed, row_of(record.account_id, record.name));
}

std::string Vault::check_value() const {
  return crypto::to_hex(
      crypto::hmac_sha256(std::string_view(reinterpret_cast<const char*>(key_.data()), key_.size()),
                          "agentry master key check v1"));
}

SecretsAudit audit(store::Tx& tx, const Vault& vault) {
  constexpr std::int64_t batch = 500;
  SecretsAudit out;
  std::string after;
  for (;;) {
    const auto page = store::sealed_values(tx, after, batch);
    for (const auto& record : page) {
      ++out.total;
      if (!vault.open(record)) ++out.unreadable;
    }
    if (static_cast<std::int64_t>(page.size()) < batch) return out;
    after = page.back().account_id + "/" + page.back().name;
  }
}

KeyFit fit_master_key(store::Tx& tx, const Vault& vault, std::int64_t now_ms) {
  if (auto recorded = store::find_master_key_check(tx)) {
    return *recorded == vault.check_value() ? KeyFit::matches : KeyFit::differs;
  }
  if (audit(tx, vault).unreadable > 0) return KeyFit::differs;
  store::insert_master_key_check(tx, vault.check_value(), now_ms);
  // Two nodes with different keys may start together: the one whose value was recorded first
  // keeps it, and the other learns here that it differs.
  return store::find_master_key_check(tx) == vault.check_value() ? KeyFit::adopted
                                                                 : KeyFit::differs;
}

bool recorded_key_differs(store::Tx& tx, const Vault& vault) {
  const auto recorded = store::find_master_key_check(tx);
  return recorded && *recorded != vault.check_value();
}

bool holds_secrets(store::Tx& tx) {
  return !store::sealed_values(tx, "", 1).empty();
}

bool needs_existing_key(store::Tx& tx) {
  return store::find_master_key_check(tx).has_value() || holds_secrets(tx);
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(name[0])) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') return false;
  }
  return true;
}

Result<store::SecretRecord> put(store::Tx& tx, const Vault& vault, const std::string& account_id,
                                const std::string& name, std::string_view value,
                                std::int64_t now_ms) {
  if (!valid_name(name)) {
    return make_error(Errc::validation_error,
                      "name: 1-64 letters, digits, '_' or '-', starting with a letter", "name");
  }
  auto record =
      store::upsert_secret(tx, account_id, name, vault.seal(account_id, name, value), now_ms);
  // Counted after the write, so that replacing a secret at the limit still works.
  if (store::count_secrets(tx, account_id) > max_per_account) {
    return make_error(Errc::limit_reached,
                      "an account keeps at most " + std::to_string(max_per_account) + " secrets");
  }
  return record;
}

Result<std::vector<store::SecretRecord>> put_all(
    store::Tx& tx, const Vault& vault, const std::string& account_id,
    const std::vector<std::pair<std::string, std::string>>& values, std::int64_t now_ms) {
  for (const auto& [name, value] : values) {
    auto stored = put(tx, vault, account_id, name, value, now_ms);
    if (!stored) {
      Error e = stored.error();
      if (e.field == "name") e.field = "secrets." + name;
      return e;
    }
  }
  return list(tx, account_id);
}

std::optional<std::string> reveal(store::Tx& tx, const Vault& vault, const std::string& account_id,
                                  const std::string& name) {
  auto record = store::find_secret(tx, account_id, name);
  if (!record) return std::nullopt;
  return vault.open(*record);
}

std::vector<store::SecretRecord> list(store::Tx& tx, const std::string& account_id) {
  return store::list_secrets(tx, account_id);
}

Result<store::SecretRecord> find(store::Tx& tx, const std::string& account_id,
                                 const std::string& name) {
  auto found = store::find_secret(tx, account_id, name);
  if (!found) return make_error(Errc::not_found, "no secret named " + name);
  found->sealed.clear();
  return std::move(*found);
}

Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& name) {
  if (!store::delete_secret(tx, account_id, name)) {
    return make_error(Errc::not_found, "no secret named " + name);
  }
  return {};
}

}  // namespace agentry::secrets
