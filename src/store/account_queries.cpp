#include "store/queries.hpp"
#include "store/string_list.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view account_columns =
    "id, name, email, plan, is_admin, created_at, updated_at, handle";

AccountRecord account_from(const Row& r) {
  return {r.text(0),         r.text(1),    r.optional_text(2), r.text(3),
          r.integer(4) != 0, r.integer(5), r.integer(6),       r.optional_text(7).value_or("")};
}

// Columns and table of the key queries: lastUsedAt lives apart (migration 2).
constexpr std::string_view key_columns =
    "id, account_id, name, prefix, key_hash, scopes, created_at, expires_at, revoked_at, "
    "last_used_at, agent_id FROM api_keys LEFT JOIN api_key_usage ON key_id = id";

ApiKeyRecord key_from(const Row& r) {
  return {r.text(0),
          r.text(1),
          r.text(2),
          r.text(3),
          r.text(4),
          decode_string_list(r.text(5)),
          r.integer(6),
          r.optional_integer(7),
          r.optional_integer(8),
          r.optional_integer(9),
          r.optional_text(10)};
}

// An account made without a handle (only store-level fixtures make one) stores NULL, which the
// unique index lets many rows hold.
Value handle_of(const AccountRecord& a) {
  return a.handle.empty() ? Value(nullptr) : Value(a.handle);
}

std::string sql(std::string_view a, std::string_view b, std::string_view c = {}) {
  std::string out(a);
  out += b;
  out += c;
  return out;
}

}  // namespace

void insert_account(Tx& tx, const AccountRecord& a) {
  tx.exec(
      "INSERT INTO accounts (id, name, email, plan, is_admin, created_at, updated_at, handle) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {a.id, a.name, optional_text(a.email), a.plan, to_int(a.is_admin), a.created_at_ms,
       a.updated_at_ms, handle_of(a)});
}

std::optional<AccountRecord> find_account(Tx& tx, std::string_view id) {
  static const std::string q = sql("SELECT ", account_columns, " FROM accounts WHERE id = $1");
  Rows rows = tx.query(q, {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return account_from(rows[0]);
}

std::optional<AccountRecord> find_account_by_handle(Tx& tx, std::string_view handle) {
  static const std::string q = sql("SELECT ", account_columns, " FROM accounts WHERE handle = $1");
  Rows rows = tx.query(q, {std::string(handle)});
  if (rows.empty()) return std::nullopt;
  return account_from(rows[0]);
}

std::optional<AccountRecord> find_account_by_email(Tx& tx, std::string_view email) {
  static const std::string q = sql("SELECT ", account_columns, " FROM accounts WHERE email = $1");
  Rows rows = tx.query(q, {std::string(email)});
  if (rows.empty()) return std::nullopt;
  return account_from(rows[0]);
}

PageOf<AccountRecord> list_accounts(Tx& tx, Page page) {
  static const std::string q =
      sql("SELECT ", account_columns, " FROM accounts ORDER BY id LIMIT $1 OFFSET $2");
  PageOf<AccountRecord> out;
  for (const Row& r : tx.query(q, {page.limit, page.offset})) out.items.push_back(account_from(r));
  out.total = count_accounts(tx);
  return out;
}

void update_account(Tx& tx, const AccountRecord& a) {
  tx.exec(
      "UPDATE accounts SET name = $2, email = $3, plan = $4, updated_at = $5, handle = $6 "
      "WHERE id = $1",
      {a.id, a.name, optional_text(a.email), a.plan, a.updated_at_ms, handle_of(a)});
}

std::int64_t count_accounts(Tx& tx) {
  return tx.query("SELECT COUNT(*) FROM accounts").at(0).integer(0);
}

void insert_api_key(Tx& tx, const ApiKeyRecord& k) {
  tx.exec(
      "INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes, created_at, "
      "expires_at, revoked_at, agent_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {k.id, k.account_id, k.name, k.prefix, k.key_hash, encode_string_list(k.scopes),
       k.created_at_ms, optional_int(k.expires_at_ms), optional_int(k.revoked_at_ms),
       optional_text(k.agent_id)});
}

std::optional<ApiKeyRecord> find_api_key_by_hash(Tx& tx, std::string_view key_hash) {
  static const std::string q = sql("SELECT ", key_columns, " WHERE key_hash = $1");
  Rows rows = tx.query(q, {std::string(key_hash)});
  if (rows.empty()) return std::nullopt;
  return key_from(rows[0]);
}

std::optional<ApiKeyRecord> find_api_key(Tx& tx, std::string_view account_id, std::string_view id) {
  static const std::string q = sql("SELECT ", key_columns, " WHERE id = $1 AND account_id = $2");
  Rows rows = tx.query(q, {std::string(id), std::string(account_id)});
  if (rows.empty()) return std::nullopt;
  return key_from(rows[0]);
}

PageOf<ApiKeyRecord> list_api_keys(Tx& tx, std::string_view account_id, Page page) {
  static const std::string q = sql("SELECT ", key_columns,
                                   " WHERE account_id = $1 ORDER BY id "
                                   "LIMIT $2 OFFSET $3");
  PageOf<ApiKeyRecord> out;
  for (const Row& r : tx.query(q, {std::string(account_id), page.limit, page.offset})) {
    out.items.push_back(key_from(r));
  }
  out.total =
      tx.query("SELECT COUNT(*) FROM api_keys WHERE account_id = $1", {std::string(account_id)})
          .at(0)
          .integer(0);
  return out;
}

std::int64_t count_live_api_keys(Tx& tx, std::string_view account_id, std::int64_t now_ms) {
  return tx
      .query(
          "SELECT COUNT(*) FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL "
          "AND (expires_at IS NULL OR expires_at > $2)",
          {std::string(account_id), now_ms})
      .at(0)
      .integer(0);
}

bool revoke_api_key(Tx& tx, std::string_view account_id, std::string_view id, std::int64_t at_ms) {
  return tx.exec(
             "UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND account_id = $2 "
             "AND revoked_at IS NULL",
             {std::string(id), std::string(account_id), at_ms}) == 1;
}

void bind_api_key(Tx& tx, std::string_view id, std::string_view agent_id) {
  tx.exec("UPDATE api_keys SET agent_id = $2 WHERE id = $1",
          {std::string(id), std::string(agent_id)});
}

void set_agent_contact(Tx& tx, std::string_view agent_id, std::string_view email) {
  tx.exec(
      "INSERT INTO agent_contacts (agent_id, email) VALUES ($1, $2) "
      "ON CONFLICT (agent_id) DO UPDATE SET email = excluded.email",
      {std::string(agent_id), std::string(email)});
}

std::optional<std::string> find_agent_contact(Tx& tx, std::string_view agent_id) {
  Rows rows =
      tx.query("SELECT email FROM agent_contacts WHERE agent_id = $1", {std::string(agent_id)});
  if (rows.empty()) return std::nullopt;
  return rows.front().take_text(0);
}

void touch_api_key(Tx& tx, std::string_view id, std::int64_t at_ms) {
  tx.exec_later(
      "INSERT INTO api_key_usage (key_id, last_used_at) VALUES ($1, $2) "
      "ON CONFLICT (key_id) DO UPDATE SET last_used_at = excluded.last_used_at "
      "WHERE api_key_usage.last_used_at < excluded.last_used_at",
      {std::string(id), at_ms});
}

}  // namespace agentry::store
