#include "store/secret_queries.hpp"

namespace agentry::store {
namespace {

// A swarm's secrets are in swarm_secrets, an account's in account_secrets; the owner's id tells.
struct Table {
  std::string_view name;
  std::string_view owner;
};
Table table_of(std::string_view owner_id) {
  if (owner_id.starts_with("swm_")) return {"swarm_secrets", "swarm_id"};
  return {"account_secrets", "account_id"};
}

std::string sql(std::string_view text, const Table& t) {
  std::string out(text);
  for (auto [mark, value] : {std::pair{std::string_view("%TABLE%"), t.name},
                             std::pair{std::string_view("%OWNER%"), t.owner}}) {
    for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark, at)) {
      out.replace(at, mark.size(), value);
    }
  }
  return out;
}

}  // namespace

SecretRecord upsert_secret(Tx& tx, std::string_view account_id, std::string_view name,
                           std::string_view sealed, std::int64_t now_ms) {
  Rows rows = tx.query(
      sql("INSERT INTO %TABLE% (%OWNER%, name, sealed, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (%OWNER%, name) DO UPDATE SET "
          "sealed = excluded.sealed, updated_at = excluded.updated_at RETURNING created_at, "
          "updated_at",
          table_of(account_id)),
      {std::string(account_id), std::string(name), std::string(sealed), now_ms});
  return {std::string(account_id), std::string(name), std::string(sealed), rows.at(0).integer(0),
          rows.at(0).integer(1)};
}

std::optional<SecretRecord> find_secret(Tx& tx, std::string_view account_id,
                                        std::string_view name) {
  Rows rows = tx.query(
      sql("SELECT sealed, created_at, updated_at FROM %TABLE% WHERE %OWNER% = $1 AND name = $2",
          table_of(account_id)),
      {std::string(account_id), std::string(name)});
  if (rows.empty()) return std::nullopt;
  return SecretRecord{std::string(account_id), std::string(name), rows[0].take_text(0),
                      rows[0].integer(1), rows[0].integer(2)};
}

std::vector<SecretRecord> list_secrets(Tx& tx, std::string_view account_id) {
  std::vector<SecretRecord> out;
  for (Row& r : tx.query(sql("SELECT name, created_at, updated_at FROM %TABLE% WHERE %OWNER% = "
                             "$1 ORDER BY name",
                             table_of(account_id)),
                         {std::string(account_id)})) {
    out.push_back({std::string(account_id), r.take_text(0), {}, r.integer(1), r.integer(2)});
  }
  return out;
}

std::int64_t count_secrets(Tx& tx, std::string_view account_id) {
  return tx
      .query(sql("SELECT COUNT(*) FROM %TABLE% WHERE %OWNER% = $1", table_of(account_id)),
             {std::string(account_id)})
      .at(0)
      .integer(0);
}

bool delete_secret(Tx& tx, std::string_view account_id, std::string_view name) {
  return tx.exec(sql("DELETE FROM %TABLE% WHERE %OWNER% = $1 AND name = $2", table_of(account_id)),
                 {std::string(account_id), std::string(name)}) == 1;
}

void delete_secrets_of(Tx& tx, std::string_view owner_id) {
  tx.exec(sql("DELETE FROM %TABLE% WHERE %OWNER% = $1", table_of(owner_id)),
          {std::string(owner_id)});
}

std::vector<SecretRecord> sealed_values(Tx& tx, std::string_view after, std::int64_t limit) {
  std::vector<SecretRecord> out;
  for (Row& r : tx.query(
           "SELECT account_id, name, sealed FROM (SELECT account_id, name, sealed FROM "
           "account_secrets UNION ALL SELECT swarm_id, name, sealed FROM swarm_secrets UNION ALL "
           "SELECT a.account_id, 'agent:' || s.agent_id || ':signing', s.sealed FROM "
           "agent_signing_secrets s JOIN agents a ON a.id = s.agent_id) x "
           "WHERE account_id || '/' || name > $1 ORDER BY account_id || '/' || name LIMIT $2",
           {std::string(after), limit})) {
    out.push_back({r.take_text(0), r.take_text(1), r.take_text(2), 0, 0});
  }
  return out;
}

std::optional<std::string> find_master_key_check(Tx& tx) {
  Rows rows = tx.query("SELECT check_value FROM master_key_check WHERE id = 1");
  if (rows.empty()) return std::nullopt;
  return rows[0].take_text(0);
}

void insert_master_key_check(Tx& tx, std::string_view check, std::int64_t now_ms) {
  tx.exec(
      "INSERT INTO master_key_check (id, check_value, created_at) VALUES (1, $1, $2) "
      "ON CONFLICT (id) DO NOTHING",
      {std::string(check), now_ms});
}

}  // namespace agentry::store
