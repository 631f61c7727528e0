#include "views/skills.hpp"

#include "views/values.hpp"

namespace agentry::views {
namespace {

// The Skill schema's fields, inside an object the caller opened.
void write_skill_fields(JsonWriter& w, const store::SkillRecord& s) {
  w.key("id").string(s.id).key("name").string(s.name).key("description").string(s.description);
  w.key("visibility").string(s.visibility).key("builtIn").boolean(!s.account_id);
  w.key("version").integer(s.version).key("tags").strings(s.tags);
  w.key("installs").integer(s.installs);
  w.key("createdAt");
  write_timestamp(w, s.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, s.updated_at_ms);
}

}  // namespace

void write_skill(JsonWriter& w, const store::SkillRecord& skill, bool with_content) {
  w.begin_object();
  write_skill_fields(w, skill);
  if (with_content) w.key("content").string(skill.content);
  w.end_object();
}

void write_skill_version(JsonWriter& w, const store::SkillVersionRecord& version) {
  w.begin_object();
  w.key("skillId").string(version.skill_id).key("version").integer(version.version);
  w.key("content").string(version.content);
  w.key("createdAt");
  write_timestamp(w, version.created_at_ms);
  w.end_object();
}

void write_installed_skill(JsonWriter& w, const store::InstalledSkillRecord& installed) {
  w.begin_object().key("skill");
  write_skill(w, installed.skill, false);
  w.key("version").integer(installed.version);
  w.key("pinnedVersion").optional_integer(installed.pinned_version);
  w.key("installedAt");
  write_timestamp(w, installed.installed_at_ms);
  w.end_object();
}

}  // namespace agentry::views
