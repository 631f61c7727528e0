#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace agentry::crypto {

// Fills `out` from the operating system's CSPRNG (OpenSSL RAND_bytes). Throws if the generator
// fails, which only happens when the process cannot obtain entropy at all.
void random_bytes(std::span<std::uint8_t> out);

// SHA-256 of `data` as 64 lowercase hex characters.
std::string sha256_hex(std::string_view data);

// Bytes as lowercase hex, and back (nullopt for anything but an even number of hex digits).
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

// A 256-bit key for AES-256-GCM.
using Key = std::array<std::uint8_t, 32>;

// AES-256-GCM: encrypts `plaintext` under `key` with a fresh random 96-bit nonce, authenticating
// `aad` too; returns nonce ‖ ciphertext ‖ 128-bit tag.
std::string seal(const Key& key, std::string_view plaintext, std::string_view aad);
// The reverse; nullopt when the key, the associated data or any byte of `sealed` is not what
// sealed it.
std::optional<std::string> open(const Key& key, std::string_view sealed, std::string_view aad);

// HMAC-SHA256 of `data` under `key`: 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Standard base64 with padding, and back (nullopt for anything else).
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view text);

// Compares in time independent of where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace agentry::crypto
