#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

// MCP sessions: an MCP client opens one with initialize and names it in every later request
// (Mcp-Session-Id). A session belongs to the key that opened it: another key, even of the same
// account, does not find it. Only its id's SHA-256 is stored.
namespace agentry::mcp_sessions {

// A session lasts this long from its initialize; the client then initializes again.
inline constexpr std::int64_t ttl_ms = 30LL * 24 * 3600 * 1000;
// Sessions one key keeps at once: opening another ends the oldest (clients that never send
// DELETE do not lock themselves out).
inline constexpr std::int64_t max_per_key = 100;
// Expired sessions removed by each open: enough to keep the table small without a sweep.
inline constexpr std::int64_t sweep_per_open = 100;
inline constexpr std::size_t max_client_name_chars = 200;

struct Session {
  std::string protocol_version;  // the revision agreed at initialize
  std::string client_name;       // clientInfo.name, as the client gave it (cut to 200)
};

// Opens a session for the key `key_id` of `account_id`: its id ("mcp_" and 32 random base62
// characters), shown once.
std::string open(store::Tx& tx, const std::string& account_id, const std::string& key_id,
                 const Session& session, std::int64_t now_ms);

// The session `id` of the key `key_id`. Errors: not_found (unknown, ended, expired, or another
// key's).
Result<Session> find(store::Tx& tx, const std::string& id, const std::string& key_id,
                     std::int64_t now_ms);

// Ends the session `id` of the key `key_id`. Errors: not_found.
Result<void> close(store::Tx& tx, const std::string& id, const std::string& key_id);

}  // namespace agentry::mcp_sessions
