#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "store/database.hpp"

// Dashboard sessions: a person pastes an API key once; the browser then holds an HttpOnly cookie
// with a session token bound to that key, never the key. A session acts with the key's scopes as
// they are at each request, and ends when signed out, when it expires, or when its key is revoked
// or expires. A change made through a session carries its CSRF token, which the page is told and
// a page of another site cannot learn. Only a token's SHA-256 is stored.
namespace agentry::web_sessions {

inline constexpr std::int64_t ttl_ms = std::int64_t{12} * 3600 * 1000;
// Old sessions removed by each sign-in: enough to keep the table small without a sweep.
inline constexpr std::int64_t sweep_per_open = 100;
// The cookie that holds the token.
inline constexpr std::string_view cookie_name = "agentry_session";

struct Session {
  std::string id;          // "ws_" + ULID
  std::string csrf_token;  // sent back as X-CSRF-Token with every change
  std::int64_t expires_at_ms = 0;
  auth::Principal principal;  // of its key, as the key is now
};

struct Opened {
  Session session;
  std::string token;  // the cookie's value; shown once
};

// Signs in with the API key `key`.
// Errors: invalid_api_key (unknown, revoked or expired key).
Result<Opened> open(store::Tx& tx, const std::string& key, std::int64_t now_ms);

// The live session whose cookie holds `token`.
// Errors: invalid_api_key (unknown, signed out, expired, or its key revoked or expired).
Result<Session> resolve(store::Tx& tx, const std::string& token, std::int64_t now_ms);

// Whether `presented` is the CSRF token of the session whose cookie holds `token`.
bool csrf_matches(const std::string& token, std::string_view presented);

// Signs the session `id` out.
void end(store::Tx& tx, const std::string& id, std::int64_t now_ms);

}  // namespace agentry::web_sessions
