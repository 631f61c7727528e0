#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

// A skill as its SKILL.md says (the Agent Skills layout): YAML front matter with at least `name`
// and `description`, then Markdown instructions. The rules are the format's, plus the
// marketplace's `tags`.
namespace agentry::skills {

inline constexpr std::size_t max_skill_bytes = std::size_t{64} * 1024;
inline constexpr std::size_t max_name_chars = 64;
inline constexpr std::size_t max_description_chars = 1024;
inline constexpr std::size_t max_compatibility_chars = 500;
inline constexpr std::size_t max_tags = 20;
inline constexpr std::size_t max_tag_chars = 32;

struct Document {
  std::string name;         // 1–64 of a-z, 0-9 and '-', no '-' at either end or twice in a row
  std::string description;  // 1–1024 characters
  std::optional<std::string> license;
  std::optional<std::string> compatibility;  // at most 500 characters
  std::optional<std::string> allowed_tools;  // space-separated, as written
  std::vector<std::string> tags;             // lowercased, at most 20 of 1–32 characters
  std::map<std::string, std::string> metadata;
  std::string instructions;  // the Markdown after the front matter
};

// Whether `name` is a valid skill name.
bool valid_name(std::string_view name);

// The skill `content` (a whole SKILL.md) describes. Errors, each with field "content" and a
// message naming the rule: payload_too_large (over max_skill_bytes), validation_error (no or
// malformed front matter, a missing or malformed name or description, a field of the wrong
// shape or length, text that is not UTF-8 or holds control characters).
Result<Document> parse(std::string_view content);

}  // namespace agentry::skills
