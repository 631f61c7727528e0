#include "core/ids.hpp"

#include "core/id_floor.hpp"

#include <array>
#include <cstdint>
#include <mutex>

#include "core/crypto.hpp"

namespace agentry {
namespace {
constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t ulid_length = 26;

// splitmix64: a fast generator for ids that must be unique, not unpredictable.
std::uint64_t next_fast_random() {
  thread_local std::uint64_t state = [] {
    std::array<std::uint8_t, 8> seed{};
    crypto::random_bytes(seed);
    std::uint64_t s = 0;
    for (std::uint8_t b : seed) s = (s << 8) | b;
    return s;
  }();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string encode(std::string_view prefix, const std::array<std::uint8_t, 16>& bytes) {
  std::string out(prefix);
  out.push_back('_');
  // 26 digits carry 130 bits: two leading zero bits, then the 128 bits of `bytes`.
  std::array<char, ulid_length> digits{};
  for (std::size_t i = 0; i < ulid_length; ++i) {
    unsigned digit = 0;
    for (std::size_t k = 0; k < 5; ++k) {
      const std::size_t padded = i * 5 + k;
      unsigned bit = 0;
      if (padded >= 2) {
        const std::size_t b = padded - 2;
        bit = static_cast<unsigned>(bytes[b / 8] >> (7 - b % 8)) & 1U;
      }
      digit = (digit << 1) | bit;
    }
    digits[i] = crockford[digit];
  }
  out.append(digits.data(), digits.size());
  return out;
}

std::array<std::uint8_t, 16> with_time(UnixMs at_ms) {
  std::array<std::uint8_t, 16> bytes{};
  const auto ms = static_cast<std::uint64_t>(at_ms);
  for (std::size_t i = 0; i < 6; ++i) bytes[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  return bytes;
}

}  // namespace

std::string new_id(std::string_view prefix, UnixMs at_ms) {
  auto bytes = with_time(at_ms);
  crypto::random_bytes(std::span(bytes).subspan(6));
  return encode(prefix, bytes);
}

std::string new_ordered_id(std::string_view prefix, UnixMs at_ms) {
  static std::mutex mutex;
  static std::array<std::uint8_t, 16> last{};
  static UnixMs last_ms = -1;
  const std::lock_guard lock(mutex);
  if (at_ms > last_ms) {
    last = with_time(at_ms);
    crypto::random_bytes(std::span(last).subspan(6));
    // The top random bit starts clear, so that 2^79 increments within one millisecond never
    // carry into the time.
    last[6] &= 0x7F;
    last_ms = at_ms;
  } else {
    for (std::size_t i = last.size(); i-- > 6;) {
      if (++last[i] != 0) break;
    }
  }
  return encode(prefix, last);
}

std::string first_id_at(std::string_view prefix, UnixMs at_ms) {
  return encode(prefix, with_time(at_ms));
}

std::string new_request_id(UnixMs at_ms) {
  auto bytes = with_time(at_ms);
  const std::uint64_t a = next_fast_random();
  const std::uint64_t b = next_fast_random();
  for (std::size_t i = 0; i < 8; ++i) bytes[6 + i] = static_cast<std::uint8_t>(a >> (8 * i));
  for (std::size_t i = 0; i < 2; ++i) bytes[14 + i] = static_cast<std::uint8_t>(b >> (8 * i));
  return encode("req", bytes);
}

bool is_valid_id(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + ulid_length || !id.starts_with(prefix) ||
      id[prefix.size()] != '_') {
    return false;
  }
  for (char c : id.substr(prefix.size() + 1)) {
    if (crockford.find(c) == std::string_view::npos) return false;
  }
  return id[prefix.size() + 1] <= '7';
}

}  // namespace agentry
