#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

// The SQL of account secrets. Values are stored only sealed (hex of nonce ‖ ciphertext ‖ tag).
namespace agentry::store {

struct SecretRecord {
  std::string account_id;
  std::string name;
  std::string sealed;  // empty in lists: they never load the values
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// Inserts or replaces; returns the row as stored.
SecretRecord upsert_secret(Tx& tx, std::string_view account_id, std::string_view name,
                           std::string_view sealed, std::int64_t now_ms);
std::optional<SecretRecord> find_secret(Tx& tx, std::string_view account_id, std::string_view name);
// Names and times only, by name.
std::vector<SecretRecord> list_secrets(Tx& tx, std::string_view account_id);
std::int64_t count_secrets(Tx& tx, std::string_view account_id);
bool delete_secret(Tx& tx, std::string_view account_id, std::string_view name);

}  // namespace agentry::store
