#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"

// web_sessions: the dashboard's sign-ins, each bound to one API key. Only a token's SHA-256 is
// stored.
namespace agentry::store {

struct WebSessionRecord {
  std::string id;
  std::string account_id;
  std::string key_id;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
};

void insert_web_session(Tx& tx, const WebSessionRecord& session, std::string_view token_hash);

// The session whose token hashes to `token_hash`, when it has not ended and expires after
// `now_ms`.
std::optional<WebSessionRecord> find_live_web_session(Tx& tx, std::string_view token_hash,
                                                      std::int64_t now_ms);

// Ends the session `id` at `now_ms`; whether it was live.
bool end_web_session(Tx& tx, std::string_view id, std::int64_t now_ms);

// Deletes up to `limit` sessions that expired or ended before `before_ms`; how many.
std::int64_t delete_old_web_sessions(Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::store
