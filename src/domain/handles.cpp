#include "domain/handles.hpp"

#include <array>
#include <cstdint>

#include "core/crypto.hpp"
#include "core/slug.hpp"

namespace agentry::handles {
namespace {

constexpr std::size_t name_part_length = 30;
constexpr std::size_t suffix_length = 6;

bool letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

bool valid(std::string_view handle) {
  return handle.size() >= min_length && handle.size() <= max_length && is_slug(handle);
}

std::string from_name(std::string_view name) {
  std::string out;
  bool gap = false;
  for (char raw : name) {
    const char c = raw >= 'A' && raw <= 'Z' ? static_cast<char>(raw - 'A' + 'a') : raw;
    if (letter_or_digit(c)) {
      if (gap && !out.empty()) out += '-';
      gap = false;
      out += c;
      if (out.size() >= name_part_length) break;
    } else {
      gap = true;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() < min_length) return "user";
  return out;
}

std::string with_random_suffix(std::string_view base) {
  static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::array<std::uint8_t, suffix_length> bytes{};
  crypto::random_bytes(bytes);
  std::string out(base.substr(0, max_length - suffix_length - 1));
  while (!out.empty() && out.back() == '-') out.pop_back();
  out += '-';
  for (std::uint8_t b : bytes) out += alphabet[b % alphabet.size()];
  return out;
}

}  // namespace agentry::handles
