#include "store/queries.hpp"

namespace agentry::store {

std::optional<IdempotencyRecord> find_idempotency(Tx& tx, std::string_view account_id,
                                                  std::string_view key) {
  Rows rows = tx.query(
      "SELECT account_id, idempotency_key, request_hash, state, status_code, response_body, "
      "created_at FROM idempotency_keys WHERE account_id = $1 AND idempotency_key = $2",
      {std::string(account_id), std::string(key)});
  if (rows.empty()) return std::nullopt;
  const Row& r = rows[0];
  return IdempotencyRecord{
      r.text(0),          r.text(1),   r.text(2), r.text(3), r.optional_integer(4),
      r.optional_text(5), r.integer(6)};
}

void insert_idempotency(Tx& tx, const IdempotencyRecord& r) {
  tx.exec(
      "INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash, state, "
      "created_at) VALUES ($1, $2, $3, $4, $5)",
      {r.account_id, r.key, r.request_hash, r.state, r.created_at_ms});
}

void complete_idempotency(Tx& tx, std::string_view account_id, std::string_view key,
                          std::int64_t status_code, std::string_view body) {
  tx.exec(
      "UPDATE idempotency_keys SET state = 'done', status_code = $3, response_body = $4 "
      "WHERE account_id = $1 AND idempotency_key = $2",
      {std::string(account_id), std::string(key), status_code, std::string(body)});
}

void delete_idempotency(Tx& tx, std::string_view account_id, std::string_view key) {
  tx.exec("DELETE FROM idempotency_keys WHERE account_id = $1 AND idempotency_key = $2",
          {std::string(account_id), std::string(key)});
}

std::int64_t purge_idempotency(Tx& tx, std::int64_t created_before_ms) {
  return tx.exec("DELETE FROM idempotency_keys WHERE created_at < $1", {created_before_ms});
}

}  // namespace agentry::store
