#include "domain/api_key.hpp"

#include <array>
#include <cstdint>

#include "core/crypto.hpp"

namespace agentry::api_key {
namespace {

constexpr std::string_view base62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::string checksum(std::string_view random_part) {
  const std::string digest = crypto::sha256_hex(random_part);
  // The first 8 hex digits (32 bits) written in base62, zero-padded to 6 characters.
  std::uint64_t value = std::stoull(digest.substr(0, 8), nullptr, 16);
  std::string out(checksum_chars, '0');
  for (std::size_t i = checksum_chars; i-- > 0;) {
    out[i] = base62[value % 62];
    value /= 62;
  }
  return out;
}

}  // namespace

std::string random_base62(std::size_t count) {
  std::string out;
  out.reserve(count);
  // Rejection sampling keeps every base62 character equally likely.
  while (out.size() < count) {
    std::array<std::uint8_t, 64> bytes{};
    crypto::random_bytes(bytes);
    for (std::uint8_t b : bytes) {
      if (b < 248 && out.size() < count) out.push_back(base62[b % 62]);
    }
  }
  return out;
}

std::string generate() {
  const std::string random_part = random_base62(random_chars);
  return std::string(prefix) + random_part + checksum(random_part);
}

bool is_well_formed(std::string_view key) {
  if (key.size() != length || !key.starts_with(prefix)) return false;
  const std::string_view body = key.substr(prefix.size());
  for (char c : body) {
    if (base62.find(c) == std::string_view::npos) return false;
  }
  return checksum(body.substr(0, random_chars)) == body.substr(random_chars);
}

std::string hash(std::string_view key) {
  return crypto::sha256_hex(key);
}

std::string display_prefix(std::string_view key) {
  return std::string(key.substr(0, display_prefix_chars));
}

}  // namespace agentry::api_key
