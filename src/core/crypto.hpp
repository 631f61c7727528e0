#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace agentry::crypto {

// Fills `out` from the operating system's CSPRNG (OpenSSL RAND_bytes). Throws if the generator
// fails, which only happens when the process cannot obtain entropy at all.
void random_bytes(std::span<std::uint8_t> out);

// SHA-256 of `data` as 64 lowercase hex characters.
std::string sha256_hex(std::string_view data);

// Compares in time independent of where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace agentry::crypto
