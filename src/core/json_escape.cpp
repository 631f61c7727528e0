#include "core/json_escape.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace agentry {

namespace {

constexpr std::array<bool, 256> needs_escape = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;

// Bit tricks over eight bytes at once: a byte below 0x20, or equal to '"' or '\\'. False alarms
// are possible (then the bytes are checked one by one); misses are not.
constexpr bool has_special_byte(std::uint64_t w) {
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
  const std::uint64_t quote = w ^ (ones * '"');
  const std::uint64_t backslash = w ^ (ones * '\\');
  return (below_space | ((quote - ones) & ~quote & highs) |
          ((backslash - ones) & ~backslash & highs)) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr std::string_view hex = "0123456789abcdef";
  out += '"';
  const char* p = text.data();
  const char* const end = p + text.size();
  const char* run = p;  // start of the pending run of characters that need no escape
  while (p != end) {
    // Skip eight clean bytes at a time: no control character, quote or backslash among them.
    if (end - p >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p, 8);
      if (!has_special_byte(word)) {
        p += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(*p);
    if (!needs_escape[c]) {
      ++p;
      continue;
    }
    out.append(run, p);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0x0f];
    }
    run = ++p;
  }
  out.append(run, end);
  out += '"';
}

}  // namespace agentry
