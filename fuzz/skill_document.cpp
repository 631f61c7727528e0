// SKILL.md uploads: YAML front matter through libyaml and the skill's rules. Whatever the bytes,
// parsing ends without fault; an accepted skill keeps the format's rules.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/skills_document.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  auto doc = agentry::skills::parse(content);
  if (!doc) return 0;
  if (!agentry::skills::valid_name(doc->name) || doc->description.empty() ||
      doc->tags.size() > agentry::skills::max_tags) {
    std::abort();
  }
  return 0;
}
