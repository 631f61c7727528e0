#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// An account's third-party credentials (LLM provider keys, agent credentials): write-only through
// the API, sealed with AES-256-GCM under the server's master key, each bound to its row (account
// and name) as associated data, so a sealed value copied to another row does not open.
namespace agentry::secrets {

inline constexpr std::int64_t max_per_account = 100;

class Vault {
 public:
  explicit Vault(const crypto::Key& master_key) : key_(master_key) {}
  // The stored form of `value` for the row (account_id, name).
  std::string seal(std::string_view account_id, std::string_view name,
                   std::string_view value) const;
  // The value, or nullopt when the stored form was not sealed for this row under this key.
  std::optional<std::string> open(const store::SecretRecord& record) const;
  // A value that tells whether two vaults hold the same key without revealing it (an HMAC of a
  // fixed text under the key), stored with the database it seals for.
  std::string check_value() const;

 private:
  crypto::Key key_;
};

// Whether the vault holds the master key this database's secrets were sealed with.
enum class KeyFit {
  matches,  // the recorded check value is the vault's
  adopted,  // none was recorded, and every stored secret opens (or there is none): recorded now
  differs,  // another key sealed the secrets: using this one would lose them all
};
// Checks, and records the check value on the first start that has none (a database from before
// the check was recorded is judged by whether its secrets open).
KeyFit fit_master_key(store::Tx& tx, const Vault& vault, std::int64_t now_ms);

// True when a check value is recorded and is not the vault's. Reads only.
bool recorded_key_differs(store::Tx& tx, const Vault& vault);

// True when the database holds secrets sealed under some master key.
bool holds_secrets(store::Tx& tx);
// True when the database has a master key already: it holds secrets, or a key's check value is
// recorded (another node's, or an earlier start's). A missing key must then be restored or
// given, not made anew.
bool needs_existing_key(store::Tx& tx);

// How many stored secrets there are, and how many of them do not open with the vault's key.
struct SecretsAudit {
  std::int64_t total = 0;
  std::int64_t unreadable = 0;
};
SecretsAudit audit(store::Tx& tx, const Vault& vault);

// 1–64 characters: a letter, then letters, digits, '_' or '-' (anthropicApiKey, OPENAI_API_KEY).
bool valid_name(std::string_view name);

// Stores (or replaces) a secret. Errors: validation_error (name), limit_reached (more than
// max_per_account secrets).
Result<store::SecretRecord> put(store::Tx& tx, const Vault& vault, const std::string& account_id,
                                const std::string& name, std::string_view value,
                                std::int64_t now_ms);

// Stores several secrets at once, all or none (the caller's closure rolls back on an error);
// the owner's secrets after. Errors: as put, the field naming the secret ("secrets.NAME").
Result<std::vector<store::SecretRecord>> put_all(
    store::Tx& tx, const Vault& vault, const std::string& account_id,
    const std::vector<std::pair<std::string, std::string>>& values, std::int64_t now_ms);

// The secret's value, for agentry's own use (never for the API); nullopt when there is none or
// it does not open (another master key).
std::optional<std::string> reveal(store::Tx& tx, const Vault& vault, const std::string& account_id,
                                  const std::string& name);

// Reads for the API: the account's own secrets by name and times, never a value (`sealed` is
// empty in what they answer).

// The account's secrets, by name.
std::vector<store::SecretRecord> list(store::Tx& tx, const std::string& account_id);
// The account's secret `name`. Errors: not_found.
Result<store::SecretRecord> find(store::Tx& tx, const std::string& account_id,
                                 const std::string& name);
// Deletes the account's secret `name`. Errors: not_found.
Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& name);

}  // namespace agentry::secrets
