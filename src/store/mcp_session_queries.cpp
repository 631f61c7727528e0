#include "store/mcp_session_queries.hpp"

namespace agentry::store {

void insert_mcp_session(Tx& tx, std::string_view id_hash, std::string_view account_id,
                        std::string_view key_id, std::string_view protocol_version,
                        std::string_view client_name, std::int64_t created_at_ms,
                        std::int64_t expires_at_ms) {
  tx.exec(
      "INSERT INTO mcp_sessions (id_hash, account_id, key_id, protocol_version, client_name, "
      "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {std::string(id_hash), std::string(account_id), std::string(key_id),
       std::string(protocol_version), std::string(client_name), created_at_ms, expires_at_ms});
}

std::optional<McpSessionRow> find_mcp_session(Tx& tx, std::string_view id_hash,
                                              std::string_view key_id, std::int64_t now_ms) {
  Rows rows = tx.query(
      "SELECT protocol_version, client_name FROM mcp_sessions WHERE id_hash = $1 AND "
      "key_id = $2 AND expires_at > $3",
      {std::string(id_hash), std::string(key_id), now_ms});
  if (rows.empty()) return std::nullopt;
  return McpSessionRow{rows[0].text(0), rows[0].text(1)};
}

std::int64_t delete_mcp_session(Tx& tx, std::string_view id_hash, std::string_view key_id) {
  return tx.exec("DELETE FROM mcp_sessions WHERE id_hash = $1 AND key_id = $2",
                 {std::string(id_hash), std::string(key_id)});
}

std::int64_t delete_oldest_mcp_sessions(Tx& tx, std::string_view key_id, std::int64_t keep) {
  return tx.exec(
      "DELETE FROM mcp_sessions WHERE id_hash IN (SELECT id_hash FROM mcp_sessions WHERE "
      "key_id = $1 ORDER BY created_at DESC, id_hash LIMIT 16 OFFSET $2)",
      {std::string(key_id), keep});
}

std::int64_t delete_expired_mcp_sessions(Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  return tx.exec(
      "DELETE FROM mcp_sessions WHERE id_hash IN (SELECT id_hash FROM mcp_sessions "
      "WHERE expires_at < $1 LIMIT $2)",
      {before_ms, limit});
}

}  // namespace agentry::store
