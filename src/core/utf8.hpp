#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

// Telling text from binary data in what users upload (skills, knowledge).
namespace agentry::utf8 {

// The number of characters of `s` when it is well-formed UTF-8 (no overlong forms, no
// surrogates, nothing past U+10FFFF) holding no control character but tab, line feed and
// carriage return; nothing otherwise.
std::optional<std::size_t> text_chars(std::string_view s);

// At most `max_bytes` of `text`, cut before a character rather than inside one.
std::string_view prefix(std::string_view text, std::size_t max_bytes);

}  // namespace agentry::utf8
