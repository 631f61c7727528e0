#include "store/stream_token_queries.hpp"

namespace agentry::store {

void insert_stream_token(Tx& tx, std::string_view token_hash, std::string_view account_id,
                         std::string_view key_id, std::string_view path,
                         std::int64_t expires_at_ms) {
  tx.exec(
      "INSERT INTO stream_tokens (token_hash, account_id, key_id, path, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {std::string(token_hash), std::string(account_id), std::string(key_id), std::string(path),
       expires_at_ms});
}

std::optional<std::pair<std::string, std::string>> use_stream_token(Tx& tx,
                                                                    std::string_view token_hash,
                                                                    std::string_view path,
                                                                    std::int64_t now_ms) {
  Rows rows = tx.query(
      "UPDATE stream_tokens SET used_at = $3 WHERE token_hash = $1 AND path = $2 AND "
      "used_at IS NULL AND expires_at > $3 RETURNING account_id, key_id",
      {std::string(token_hash), std::string(path), now_ms});
  if (rows.empty()) return std::nullopt;
  return std::pair{rows[0].text(0), rows[0].text(1)};
}

std::int64_t delete_expired_stream_tokens(Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  return tx.exec(
      "DELETE FROM stream_tokens WHERE token_hash IN (SELECT token_hash FROM stream_tokens "
      "WHERE expires_at < $1 LIMIT $2)",
      {before_ms, limit});
}

}  // namespace agentry::store
