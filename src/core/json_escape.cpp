#include "core/json_escape.hpp"

#include <array>

namespace agentry {

namespace {

constexpr std::array<bool, 256> needs_escape = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  const char* p = text.data();
  const char* const end = p + text.size();
  const char* run = p;  // start of the pending run of characters that need no escape
  while (p != end) {
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
