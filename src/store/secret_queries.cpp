#include "store/secret_queries.hpp"

namespace agentry::store {

SecretRecord upsert_secret(Tx& tx, std::string_view account_id, std::string_view name,
                           std::string_view sealed, std::int64_t now_ms) {
  Rows rows = tx.query(
      "INSERT INTO account_secrets (account_id, name, sealed, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (account_id, name) DO UPDATE SET "
      "sealed = excluded.sealed, updated_at = excluded.updated_at RETURNING created_at, updated_at",
      {std::string(account_id), std::string(name), std::string(sealed), now_ms});
  return {std::string(account_id), std::string(name), std::string(sealed), rows.at(0).integer(0),
          rows.at(0).integer(1)};
}

std::optional<SecretRecord> find_secret(Tx& tx, std::string_view account_id,
                                        std::string_view name) {
  Rows rows = tx.query(
      "SELECT sealed, created_at, updated_at FROM account_secrets WHERE account_id = $1 AND "
      "name = $2",
      {std::string(account_id), std::string(name)});
  if (rows.empty()) return std::nullopt;
  return SecretRecord{std::string(account_id), std::string(name), rows[0].take_text(0),
                      rows[0].integer(1), rows[0].integer(2)};
}

std::vector<SecretRecord> list_secrets(Tx& tx, std::string_view account_id) {
  std::vector<SecretRecord> out;
  for (Row& r : tx.query("SELECT name, created_at, updated_at FROM account_secrets WHERE "
                         "account_id = $1 ORDER BY name",
                         {std::string(account_id)})) {
    out.push_back({std::string(account_id), r.take_text(0), {}, r.integer(1), r.integer(2)});
  }
  return out;
}

std::int64_t count_secrets(Tx& tx, std::string_view account_id) {
  return tx
      .query("SELECT COUNT(*) FROM account_secrets WHERE account_id = $1",
             {std::string(account_id)})
      .at(0)
      .integer(0);
}

bool delete_secret(Tx& tx, std::string_view account_id, std::string_view name) {
  return tx.exec("DELETE FROM account_secrets WHERE account_id = $1 AND name = $2",
                 {std::string(account_id), std::string(name)}) == 1;
}

}  // namespace agentry::store
