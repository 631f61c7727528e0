#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "store/database.hpp"

// Stream tokens: a browser's EventSource cannot send headers, so a key mints a short-lived,
// single-use token bound to one stream's path and to the key (its scopes as they are when the
// stream opens), given as ?token=. Only its SHA-256 is stored.
namespace agentry::stream_tokens {

inline constexpr std::int64_t ttl_ms = 60'000;
// Expired tokens removed by each mint: enough to keep the table small without a sweep.
inline constexpr std::int64_t sweep_per_mint = 100;

struct Minted {
  std::string token;  // "st_" and 32 random base62 characters; shown once
  std::int64_t expires_at_ms = 0;
};

// A token for the stream at `path` (no query), for the key `key_id` of `account_id`.
Minted mint(store::Tx& tx, const std::string& account_id, const std::string& key_id,
            const std::string& path, std::int64_t now_ms);

// Spends `token` on the stream at `path`, once: the principal of its key, as the key is now.
// Errors: invalid_api_key (unknown, used, expired, for another stream, or its key revoked).
Result<auth::Principal> redeem(store::Tx& tx, const std::string& token, const std::string& path,
                               std::int64_t now_ms);

}  // namespace agentry::stream_tokens
