#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Skills as the store keeps them: the catalog's entries with their current version, every
// version's SKILL.md, and the skills installed on agents.
namespace agentry::store {

struct SkillRecord {
  std::string id;                         // skl_
  std::optional<std::string> account_id;  // none: built in
  std::string name;
  std::string description;
  std::string visibility;  // private | public
  std::int64_t version = 1;
  std::vector<std::string> tags;
  std::string content;  // the current version's SKILL.md
  std::int64_t installs = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

struct SkillVersionRecord {
  std::string skill_id;
  std::int64_t version = 0;
  std::string content;
  std::int64_t created_at_ms = 0;
};

// A skill installed on an agent, with the version in effect (the pinned one, or the current).
struct InstalledSkillRecord {
  std::string agent_id;
  SkillRecord skill;         // its content is the version in effect's
  std::int64_t version = 0;  // the version in effect
  std::optional<std::int64_t> pinned_version;
  std::int64_t installed_at_ms = 0;
};

struct SkillFilter {
  std::optional<std::string> text;  // in the name or description, any case
  std::optional<std::string> tag;
};

}  // namespace agentry::store
