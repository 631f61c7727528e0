#pragma once

#include <string>
#include <string_view>

namespace agentry::api_key {

// Keys look like "ak_live_" + 32 random base62 characters + a 6-character base62 checksum of
// those 32. The checksum lets agentry refuse mistyped or truncated keys without a lookup.
inline constexpr std::string_view prefix = "ak_live_";
inline constexpr std::size_t random_chars = 32;
inline constexpr std::size_t checksum_chars = 6;
inline constexpr std::size_t length = prefix.size() + random_chars + checksum_chars;
// How much of a key is shown back after creation, e.g. "ak_live_3xQ9".
inline constexpr std::size_t display_prefix_chars = prefix.size() + 4;

// A fresh key from the CSPRNG.
std::string generate();

// `count` characters of base62 from the CSPRNG, each equally likely (for other secrets).
std::string random_base62(std::size_t count);

// True when `key` has the prefix, the length, only base62 characters and a matching checksum.
bool is_well_formed(std::string_view key);

// The SHA-256 hex digest under which a key is stored; the key itself never is.
std::string hash(std::string_view key);

// The part of a key that may be displayed.
std::string display_prefix(std::string_view key);

}  // namespace agentry::api_key
