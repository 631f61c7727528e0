#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"
#include "store/skill_records.hpp"

// The SQL of the skill catalog, its versions and installations.
namespace agentry::store {

// Inserts the skill, its tags and its current version's content as that version.
void insert_skill(Tx& tx, const SkillRecord& s);
std::optional<SkillRecord> find_skill(Tx& tx, std::string_view id);
std::optional<SkillRecord> find_skill_named(Tx& tx, const std::optional<std::string>& account_id,
                                            std::string_view name);
// The account's skills, newest first.
PageOf<SkillRecord> list_skills(Tx& tx, std::string_view account_id, Page page);
std::int64_t count_skills(Tx& tx, std::string_view account_id);
// Public and built-in skills matching `filter`, the most installed first.
PageOf<SkillRecord> marketplace_skills(Tx& tx, const SkillFilter& filter, Page page);
// Writes the skill's description, visibility, tags, version and content, and stores that
// content as its version.
void update_skill(Tx& tx, const SkillRecord& s);
// Removes the skill, its versions and its installations; false when it was not there.
bool delete_skill(Tx& tx, std::string_view id);
std::optional<SkillVersionRecord> find_skill_version(Tx& tx, std::string_view skill_id,
                                                     std::int64_t version);

// Installs (or re-pins) the skill on the agent; true when it was not installed before.
bool install_skill(Tx& tx, std::string_view agent_id, std::string_view skill_id,
                   std::optional<std::int64_t> pinned_version, std::int64_t now_ms);
bool uninstall_skill(Tx& tx, std::string_view agent_id, std::string_view skill_id);
// Uninstalls every skill of the agent (it is deleted).
void uninstall_skills(Tx& tx, std::string_view agent_id);
// The agent's skills, by name, each at the version in effect.
std::vector<InstalledSkillRecord> installed_skills(Tx& tx, std::string_view agent_id);

}  // namespace agentry::store
