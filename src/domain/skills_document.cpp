#include "domain/skills_document.hpp"

#include <algorithm>

#include "core/front_matter.hpp"
#include "core/slug.hpp"
#include "core/utf8.hpp"

namespace agentry::skills {
namespace {

Error invalid(std::string message) {
  return make_error(Errc::validation_error, std::move(message), "content");
}

std::optional<std::string> optional_string(const front_matter::Document& fm,
                                           const std::string& key) {
  auto it = fm.strings.find(key);
  if (it == fm.strings.end()) return std::nullopt;
  return it->second;
}

// The front matter's field `key`, which must be a string when present.
Result<std::optional<std::string>> string_field(const front_matter::Document& fm,
                                                const std::string& key) {
  if (fm.lists.contains(key) || fm.maps.contains(key)) {
    return invalid("the front matter's " + key + " must be a string");
  }
  return optional_string(fm, key);
}

Result<std::vector<std::string>> tags_of(const front_matter::Document& fm) {
  std::vector<std::string> tags;
  if (fm.maps.contains("tags")) return invalid("the front matter's tags must be a list");
  if (auto it = fm.lists.find("tags"); it != fm.lists.end()) tags = it->second;
  if (auto it = fm.strings.find("tags"); it != fm.strings.end()) tags = {it->second};
  if (tags.size() > max_tags) {
    return invalid("the front matter has more than " + std::to_string(max_tags) + " tags");
  }
  for (std::string& tag : tags) {
    std::ranges::transform(tag, tag.begin(), [](unsigned char c) {
      return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    const auto chars = utf8::text_chars(tag);
    if (!chars || *chars == 0 || *chars > max_tag_chars ||
        tag.find_first_of(" \t\r\n,") != std::string::npos) {
      return invalid("a tag must be 1–" + std::to_string(max_tag_chars) +
                     " characters without spaces or commas, got \"" + tag + "\"");
    }
  }
  return tags;
}

}  // namespace

bool valid_name(std::string_view name) {
  return name.size() <= max_name_chars && is_slug(name);
}

Result<Document> parse(std::string_view content) {
  if (content.size() > max_skill_bytes) {
    return make_error(
        Errc::payload_too_large,
        "a SKILL.md may hold at most 64 KiB (" + std::to_string(max_skill_bytes) + " bytes)",
        "content");
  }
  if (!utf8::text_chars(content)) {
    return invalid("a SKILL.md must be UTF-8 text without control characters");
  }
  auto fm = front_matter::parse(content);
  if (!fm) return invalid(fm.error().message);
  Document doc;
  auto name = string_field(*fm, "name");
  if (!name) return name.error();
  if (!*name) return invalid("the front matter must have a name");
  if (!valid_name(**name)) {
    return invalid(
        "the name must be 1–64 lowercase letters, digits and hyphens, without a "
        "hyphen at either end or two in a row; got \"" +
        **name + "\"");
  }
  doc.name = **name;
  auto description = string_field(*fm, "description");
  if (!description) return description.error();
  const auto description_chars = *description ? utf8::text_chars(**description) : std::nullopt;
  if (!*description || !description_chars || *description_chars == 0 ||
      *description_chars > max_description_chars) {
    return invalid("the front matter must have a description of 1–" +
                   std::to_string(max_description_chars) + " characters");
  }
  doc.description = **description;
  for (auto [key, field] :
       {std::pair{"license", &doc.license}, std::pair{"compatibility", &doc.compatibility},
        std::pair{"allowed-tools", &doc.allowed_tools}}) {
    auto value = string_field(*fm, key);
    if (!value) return value.error();
    *field = *value;
  }
  if (doc.compatibility && *utf8::text_chars(*doc.compatibility) > max_compatibility_chars) {
    return invalid("the front matter's compatibility may have at most " +
                   std::to_string(max_compatibility_chars) + " characters");
  }
  auto tags = tags_of(*fm);
  if (!tags) return tags.error();
  doc.tags = std::move(*tags);
  if (fm->strings.contains("metadata") || fm->lists.contains("metadata")) {
    return invalid("the front matter's metadata must map names to strings");
  }
  if (auto it = fm->maps.find("metadata"); it != fm->maps.end()) doc.metadata = it->second;
  doc.instructions = std::move(fm->body);
  return doc;
}

}  // namespace agentry::skills
