#include "domain/stream_tokens.hpp"

#include "core/crypto.hpp"
#include "domain/api_key.hpp"
#include "store/stream_token_queries.hpp"

namespace agentry::stream_tokens {
namespace {

constexpr std::size_t random_chars = 32;

}  // namespace

Minted mint(store::Tx& tx, const std::string& account_id, const std::string& key_id,
            const std::string& path, std::int64_t now_ms) {
  store::delete_expired_stream_tokens(tx, now_ms, sweep_per_mint);
  Minted out{.token = "st_" + api_key::random_base62(random_chars),
             .expires_at_ms = now_ms + ttl_ms};
  store::insert_stream_token(tx, crypto::sha256_hex(out.token), account_id, key_id, path,
                             out.expires_at_ms);
  return out;
}

Result<auth::Principal> redeem(store::Tx& tx, const std::string& token, const std::string& path,
                               std::int64_t now_ms) {
  const Error refused = make_error(
      Errc::invalid_api_key,
      "the stream token is unknown, already used, expired or for another stream: mint another");
  auto used = store::use_stream_token(tx, crypto::sha256_hex(token), path, now_ms);
  if (!used) return refused;
  auto principal = auth::load_principal_of_key(tx, used->first, used->second, now_ms);
  if (!principal) return refused;
  return std::move(*principal);
}

}  // namespace agentry::stream_tokens
