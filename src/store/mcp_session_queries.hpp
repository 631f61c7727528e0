#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"

// mcp_sessions: the sessions MCP clients open with initialize, each bound to the key that opened
// it. Only the SHA-256 of a session's id is stored.
namespace agentry::store {

struct McpSessionRow {
  std::string protocol_version;
  std::string client_name;
};

void insert_mcp_session(Tx& tx, std::string_view id_hash, std::string_view account_id,
                        std::string_view key_id, std::string_view protocol_version,
                        std::string_view client_name, std::int64_t created_at_ms,
                        std::int64_t expires_at_ms);

// The session `id_hash` of the key `key_id` when it has not expired by `now_ms`.
std::optional<McpSessionRow> find_mcp_session(Tx& tx, std::string_view id_hash,
                                              std::string_view key_id, std::int64_t now_ms);

// Deletes the session `id_hash` of the key `key_id`; how many (0 or 1).
std::int64_t delete_mcp_session(Tx& tx, std::string_view id_hash, std::string_view key_id);

// Deletes the key's sessions beyond its `keep` newest (at most a few at a time); how many.
std::int64_t delete_oldest_mcp_sessions(Tx& tx, std::string_view key_id, std::int64_t keep);

// Deletes up to `limit` sessions that expired before `before_ms`; how many.
std::int64_t delete_expired_mcp_sessions(Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::store
