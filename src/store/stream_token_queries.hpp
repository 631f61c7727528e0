#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "store/database.hpp"

// stream_tokens: single-use tokens that authenticate one Server-Sent Events stream.
namespace agentry::store {

void insert_stream_token(Tx& tx, std::string_view token_hash, std::string_view account_id,
                         std::string_view key_id, std::string_view path,
                         std::int64_t expires_at_ms);

// Marks the token used at `now_ms` when it is unused, unexpired and for `path`, and answers its
// account's and key's ids; nothing otherwise (the token is then left as it was).
std::optional<std::pair<std::string, std::string>> use_stream_token(Tx& tx,
                                                                    std::string_view token_hash,
                                                                    std::string_view path,
                                                                    std::int64_t now_ms);

// Deletes up to `limit` tokens that expired before `before_ms`; how many.
std::int64_t delete_expired_stream_tokens(Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::store
