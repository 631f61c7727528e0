#pragma once

#include "domain/skills.hpp"
#include "store/skill_records.hpp"
#include "views/json_writer.hpp"

// Skills as /v1 shows them.
namespace agentry::views {

// A skill (the Skill schema), with its SKILL.md when `with_content` (the SkillDetail schema).
void write_skill(JsonWriter& w, const store::SkillRecord& skill, bool with_content);
// One stored version (the SkillVersion schema).
void write_skill_version(JsonWriter& w, const store::SkillVersionRecord& version);
// A skill on an agent (the InstalledSkill schema).
void write_installed_skill(JsonWriter& w, const store::InstalledSkillRecord& installed);

}  // namespace agentry::views
