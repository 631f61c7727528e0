#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

// YAML front matter: a Markdown document that starts with a line "---", a YAML mapping, and a
// line "---" (or "..."), then the body. Only the plain shapes such documents use are accepted —
// each key's value a string, a list of strings, or a mapping of strings to strings — so that
// anchors, aliases, deep nesting and other YAML machinery never reach the caller. Parsed with
// libyaml's event parser.
namespace agentry::front_matter {

inline constexpr std::size_t max_front_matter_bytes = std::size_t{16} * 1024;

struct Document {
  std::map<std::string, std::string> strings;
  std::map<std::string, std::vector<std::string>> lists;
  std::map<std::string, std::map<std::string, std::string>> maps;
  std::string body;  // what follows the closing line
};

// The front matter and body of `text`. Errors: validation_error naming what is wrong (no front
// matter, no closing line, too long, not a mapping, a key twice, a nested value, an alias, a
// YAML syntax error with its line).
Result<Document> parse(std::string_view text);

}  // namespace agentry::front_matter
