#include "domain/mcp_sessions.hpp"

#include "core/crypto.hpp"
#include "domain/api_key.hpp"
#include "store/mcp_session_queries.hpp"

namespace agentry::mcp_sessions {
namespace {

constexpr std::size_t random_chars = 32;

Error no_session() {
  return make_error(Errc::not_found,
                    "no MCP session with this Mcp-Session-Id: it ended or expired, or another "
                    "key opened it; send initialize to open a new one",
                    "Mcp-Session-Id");
}

}  // namespace

std::string open(store::Tx& tx, const std::string& account_id, const std::string& key_id,
                 const Session& session, std::int64_t now_ms) {
  store::delete_expired_mcp_sessions(tx, now_ms, sweep_per_open);
  std::string id = "mcp_" + api_key::random_base62(random_chars);
  store::insert_mcp_session(
      tx, crypto::sha256_hex(id), account_id, key_id, session.protocol_version,
      session.client_name.substr(0, max_client_name_chars), now_ms, now_ms + ttl_ms);
  store::delete_oldest_mcp_sessions(tx, key_id, max_per_key);
  return id;
}

Result<Session> find(store::Tx& tx, const std::string& id, const std::string& key_id,
                     std::int64_t now_ms) {
  auto row = store::find_mcp_session(tx, crypto::sha256_hex(id), key_id, now_ms);
  if (!row) return no_session();
  return Session{std::move(row->protocol_version), std::move(row->client_name)};
}

Result<void> close(store::Tx& tx, const std::string& id, const std::string& key_id) {
  if (store::delete_mcp_session(tx, crypto::sha256_hex(id), key_id) == 0) return no_session();
  return {};
}

}  // namespace agentry::mcp_sessions
