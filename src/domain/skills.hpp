#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/skills_document.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "store/skill_records.hpp"

// The skill catalog (Agento's skills): each account's SKILL.md uploads, versioned, private or
// public; the marketplace of public and built-in skills; and the skills installed on agents.
// An account sees its own skills, public ones and the built-ins; any other is not_found.
namespace agentry::skills {

inline constexpr std::int64_t max_skills_per_account = 200;
inline constexpr std::size_t max_skills_per_agent = 50;

struct Upload {
  std::string content;                     // the whole SKILL.md
  std::optional<std::string> name;         // must match the front matter's when given
  std::optional<std::string> description;  // likewise
  std::optional<std::string> visibility;   // private (default) | public
};

// Adds `upload` to the account's catalog as version 1. Errors: as parse (field content),
// validation_error (name or description unlike the front matter's, a bad visibility),
// conflict (the account has a skill of that name), limit_reached (max_skills_per_account).
Result<store::SkillRecord> create(store::Tx& tx, const std::string& account_id,
                                  const Upload& upload, std::int64_t now_ms);
// A skill `viewer` may see. Errors: not_found.
Result<store::SkillRecord> get(store::Tx& tx, const std::string& viewer, const std::string& id);
// One version of it. Errors: not_found (the skill or the version).
Result<store::SkillVersionRecord> get_version(store::Tx& tx, const std::string& viewer,
                                              const std::string& id, std::int64_t version);
store::PageOf<store::SkillRecord> list(store::Tx& tx, const std::string& account_id,
                                       store::Page page);
// Public and built-in skills, the most installed first.
store::PageOf<store::SkillRecord> marketplace(store::Tx& tx, const store::SkillFilter& filter,
                                              store::Page page);
// Replaces the account's skill with `upload` as its next version (the visibility stays unless
// given). Errors: not_found, as create; validation_error when the name differs (a skill's name
// is fixed).
Result<store::SkillRecord> update(store::Tx& tx, const std::string& account_id,
                                  const std::string& id, const Upload& upload, std::int64_t now_ms);
// Removes the account's skill with its versions, and uninstalls it from every agent. Errors:
// not_found.
Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id);

// Installs a skill the account may see on its agent, at `pinned_version` or always the current
// one; installing again changes the pin (`created` false). Errors: not_found (the agent, the
// skill, the version), limit_reached (max_skills_per_agent).
struct Installed {
  store::InstalledSkillRecord record;
  bool created = false;
};
Result<Installed> install(store::Tx& tx, const std::string& account_id, const std::string& agent_id,
                          const std::string& skill_id, std::optional<std::int64_t> pinned_version,
                          std::int64_t now_ms);
// The skills on the account's agent, by name. Errors: not_found (the agent).
Result<std::vector<store::InstalledSkillRecord>> installed(store::Tx& tx,
                                                           const std::string& account_id,
                                                           const std::string& agent_id);
// Adds the built-in skills to the catalog, or their next version when the server ships a
// changed one (skills_builtin.cpp). Throws UniqueViolation when another node added them at the
// same moment: the caller may ignore it.
void install_builtins(store::Tx& tx, std::int64_t now_ms);

// Errors: not_found (the agent, or the skill is not installed on it).
Result<void> uninstall(store::Tx& tx, const std::string& account_id, const std::string& agent_id,
                       const std::string& skill_id);

}  // namespace agentry::skills
