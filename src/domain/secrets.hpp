#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/secret_queries.hpp"

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

 private:
  crypto::Key key_;
};

// 1–64 characters: a letter, then letters, digits, '_' or '-' (anthropicApiKey, OPENAI_API_KEY).
bool valid_name(std::string_view name);

// Stores (or replaces) a secret. Errors: validation_error (name), limit_reached (more than
// max_per_account secrets).
Result<store::SecretRecord> put(store::Tx& tx, const Vault& vault, const std::string& account_id,
                                const std::string& name, std::string_view value,
                                std::int64_t now_ms);

// The secret's value, for agentry's own use (never for the API); nullopt when there is none or
// it does not open (another master key).
std::optional<std::string> reveal(store::Tx& tx, const Vault& vault, const std::string& account_id,
                                  const std::string& name);

}  // namespace agentry::secrets
