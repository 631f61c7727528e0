#include "store/web_session_queries.hpp"

namespace agentry::store {

void insert_web_session(Tx& tx, const WebSessionRecord& session, std::string_view token_hash) {
  tx.exec(
      "INSERT INTO web_sessions (id, token_hash, account_id, key_id, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {session.id, std::string(token_hash), session.account_id, session.key_id,
       session.created_at_ms, session.expires_at_ms});
}

std::optional<WebSessionRecord> find_live_web_session(Tx& tx, std::string_view token_hash,
                                                      std::int64_t now_ms) {
  Rows rows = tx.query(
      "SELECT id, account_id, key_id, created_at, expires_at FROM web_sessions "
      "WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2",
      {std::string(token_hash), now_ms});
  if (rows.empty()) return std::nullopt;
  Row& row = rows[0];
  return WebSessionRecord{.id = row.take_text(0),
                          .account_id = row.take_text(1),
                          .key_id = row.take_text(2),
                          .created_at_ms = row.integer(3),
                          .expires_at_ms = row.integer(4)};
}

bool end_web_session(Tx& tx, std::string_view id, std::int64_t now_ms) {
  return tx.exec("UPDATE web_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL",
                 {std::string(id), now_ms}) > 0;
}

std::int64_t delete_old_web_sessions(Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  return tx.exec(
      "DELETE FROM web_sessions WHERE id IN (SELECT id FROM web_sessions "
      "WHERE expires_at < $1 OR ended_at < $1 LIMIT $2)",
      {before_ms, limit});
}

}  // namespace agentry::store
