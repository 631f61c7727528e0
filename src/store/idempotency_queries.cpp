#include "store/queries.hpp"

namespace agentry::store {

std::optional<IdempotencyRecord> find_idempotency(Tx& tx, std::string_view account_id,
                                                  std::string_view key) {
  Rows rows = tx.query(
      "SELECT account_id, idempotency_key, request_hash, state, status_code, response_location, "
      "response_etag, response_body, created_at FROM idempotency_keys "
      "WHERE account_id = $1 AND idempotency_key = $2",
      {std::string(account_id), std::string(key)});
  if (rows.empty()) return std::nullopt;
  Row& r = rows[0];
  return IdempotencyRecord{r.take_text(0), r.take_text(1), r.take_text(2),
                           r.take_text(3), r.integer(4),   r.take_text(5),
                           r.take_text(6), r.take_text(7), r.integer(8)};
}

bool put_idempotency(Tx& tx, const IdempotencyRecord& r, std::int64_t replace_before_ms,
                     bool replace_pending) {
  return tx.exec(
             "INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash, state, "
             "status_code, response_location, response_etag, response_body, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
             "ON CONFLICT (account_id, idempotency_key) DO UPDATE SET "
             "request_hash = excluded.request_hash, state = excluded.state, "
             "status_code = excluded.status_code, response_location = excluded.response_location, "
             "response_etag = excluded.response_etag, response_body = excluded.response_body, "
             "created_at = excluded.created_at "
             "WHERE idempotency_keys.created_at < $10 OR "
             "($11 = 1 AND idempotency_keys.state = 'pending')",
             {r.account_id, r.key, r.request_hash, r.state, r.status_code, r.location, r.etag,
              r.response_body, r.created_at_ms, replace_before_ms,
              std::int64_t{replace_pending ? 1 : 0}}) == 1;
}

std::int64_t purge_idempotency(Tx& tx, std::int64_t created_before_ms) {
  return tx.exec("DELETE FROM idempotency_keys WHERE created_at < $1", {created_before_ms});
}

}  // namespace agentry::store
