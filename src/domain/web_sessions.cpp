#include "domain/web_sessions.hpp"

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "domain/api_key.hpp"
#include "store/web_session_queries.hpp"

namespace agentry::web_sessions {
namespace {

constexpr std::size_t token_chars = 43;  // about 256 bits of base62

// The CSRF token is derived from the session token, so that it needs no column: knowing it says
// nothing of the token, and it cannot be made without the token.
std::string csrf_of(const std::string& token) {
  return crypto::to_hex(crypto::hmac_sha256(token, "agentry web session csrf"));
}

Error unknown() {
  return make_error(Errc::invalid_api_key,
                    "the session is unknown, signed out or expired, or its key was revoked: "
                    "sign in again");
}

}  // namespace

Result<Opened> open(store::Tx& tx, const std::string& key, std::int64_t now_ms) {
  const Error invalid = make_error(Errc::invalid_api_key, "the API key is invalid or revoked");
  if (!api_key::is_well_formed(key)) return invalid;
  auto principal = auth::load_principal(tx, api_key::hash(key));
  if (!principal) return invalid;
  if (principal->expires_at_ms && *principal->expires_at_ms <= now_ms) return invalid;
  store::delete_old_web_sessions(tx, now_ms, sweep_per_open);
  Opened out;
  out.token = "ws_" + api_key::random_base62(token_chars);
  store::WebSessionRecord record{.id = new_id("ws", now_ms),
                                 .account_id = principal->account_id,
                                 .key_id = principal->key_id,
                                 .created_at_ms = now_ms,
                                 .expires_at_ms = now_ms + ttl_ms};
  store::insert_web_session(tx, record, crypto::sha256_hex(out.token));
  out.session = Session{.id = record.id,
                        .csrf_token = csrf_of(out.token),
                        .expires_at_ms = record.expires_at_ms,
                        .principal = std::move(*principal)};
  return out;
}

Result<Session> resolve(store::Tx& tx, const std::string& token, std::int64_t now_ms) {
  auto record = store::find_live_web_session(tx, crypto::sha256_hex(token), now_ms);
  if (!record) return unknown();
  auto principal = auth::load_principal_of_key(tx, record->account_id, record->key_id, now_ms);
  if (!principal) return unknown();
  return Session{.id = std::move(record->id),
                 .csrf_token = csrf_of(token),
                 .expires_at_ms = record->expires_at_ms,
                 .principal = std::move(*principal)};
}

bool csrf_matches(const std::string& token, std::string_view presented) {
  return crypto::constant_time_equal(csrf_of(token), presented);
}

void end(store::Tx& tx, const std::string& id, std::int64_t now_ms) {
  store::end_web_session(tx, id, now_ms);
}

}  // namespace agentry::web_sessions
