#include "domain/skills.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/ids.hpp"
#include "domain/agents.hpp"
#include "store/skill_queries.hpp"

namespace agentry::skills {
namespace {

Error absent(const std::string& id) {
  return make_error(Errc::not_found, "no skill with id " + id);
}

bool visible_to(const store::SkillRecord& s, const std::string& viewer) {
  return !s.account_id || *s.account_id == viewer || s.visibility == "public";
}

// The upload's document, checked against the name and description it states beside it.
Result<Document> document_of(const Upload& upload) {
  auto doc = parse(upload.content);
  if (!doc) return doc.error();
  if (upload.name && *upload.name != doc->name) {
    return make_error(
        Errc::validation_error,
        "name: \"" + *upload.name + "\" differs from the front matter's \"" + doc->name + "\"",
        "name");
  }
  if (upload.description && *upload.description != doc->description) {
    return make_error(Errc::validation_error,
                      "description: differs from the front matter's description", "description");
  }
  if (upload.visibility && *upload.visibility != "private" && *upload.visibility != "public") {
    return make_error(Errc::validation_error, "visibility: must be private or public",
                      "visibility");
  }
  return doc;
}

void apply(store::SkillRecord& s, const Document& doc, const std::string& content) {
  s.description = doc.description;
  s.tags = doc.tags;
  s.content = content;
}

Result<store::SkillRecord> own_skill(store::Tx& tx, const std::string& account_id,
                                     const std::string& id) {
  auto s = store::find_skill(tx, id);
  if (!s || s->account_id != account_id) return absent(id);
  return std::move(*s);
}

}  // namespace

Result<store::SkillRecord> create(store::Tx& tx, const std::string& account_id,
                                  const Upload& upload, std::int64_t now_ms) {
  auto doc = document_of(upload);
  if (!doc) return doc.error();
  if (store::find_skill_named(tx, account_id, doc->name)) {
    return make_error(Errc::conflict, "you have a skill named " + doc->name +
                                          " already; PUT "
                                          "/v1/skills/{id} adds a version to it");
  }
  if (store::count_skills(tx, account_id) >= max_skills_per_account) {
    return make_error(Errc::limit_reached, "an account may have at most " +
                                               std::to_string(max_skills_per_account) + " skills");
  }
  store::SkillRecord s{.id = new_id("skl", now_ms),
                       .account_id = account_id,
                       .name = doc->name,
                       .visibility = upload.visibility.value_or("private"),
                       .version = 1,
                       .created_at_ms = now_ms,
                       .updated_at_ms = now_ms};
  apply(s, *doc, upload.content);
  store::insert_skill(tx, s);
  return s;
}

Result<store::SkillRecord> get(store::Tx& tx, const std::string& viewer, const std::string& id) {
  auto s = store::find_skill(tx, id);
  if (!s || !visible_to(*s, viewer)) return absent(id);
  return std::move(*s);
}

Result<store::SkillVersionRecord> get_version(store::Tx& tx, const std::string& viewer,
                                              const std::string& id, std::int64_t version) {
  auto s = get(tx, viewer, id);
  if (!s) return s.error();
  auto v = store::find_skill_version(tx, id, version);
  if (!v) {
    return make_error(Errc::not_found,
                      "skill " + id + " has no version " + std::to_string(version));
  }
  return std::move(*v);
}

store::PageOf<store::SkillRecord> list(store::Tx& tx, const std::string& account_id,
                                       store::Page page) {
  return store::list_skills(tx, account_id, page);
}

store::PageOf<store::SkillRecord> marketplace(store::Tx& tx, const store::SkillFilter& filter,
                                              store::Page page) {
  return store::marketplace_skills(tx, filter, page);
}

Result<store::SkillRecord> update(store::Tx& tx, const std::string& account_id,
                                  const std::string& id, const Upload& upload,
                                  std::int64_t now_ms) {
  auto s = own_skill(tx, account_id, id);
  if (!s) return s.error();
  auto doc = document_of(upload);
  if (!doc) return doc.error();
  if (doc->name != s->name) {
    return make_error(Errc::validation_error,
                      "a skill's name is fixed: this one is " + s->name + ", the upload says " +
                          doc->name + " (POST /v1/skills adds a new skill)",
                      "content");
  }
  apply(*s, *doc, upload.content);
  if (upload.visibility) s->visibility = *upload.visibility;
  ++s->version;
  s->updated_at_ms = now_ms;
  store::update_skill(tx, *s);
  return s;
}

Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id) {
  auto s = own_skill(tx, account_id, id);
  if (!s) return s.error();
  store::delete_skill(tx, id);
  return Ok{};
}

Result<Installed> install(store::Tx& tx, const std::string& account_id, const std::string& agent_id,
                          const std::string& skill_id, std::optional<std::int64_t> pinned_version,
                          std::int64_t now_ms) {
  auto agent = agents::find_owned(tx, account_id, agent_id);
  if (!agent) return agent.error();
  auto skill = get(tx, account_id, skill_id);
  if (!skill) return skill.error();
  if (pinned_version) {
    auto version = get_version(tx, account_id, skill_id, *pinned_version);
    if (!version) return version.error();
  }
  const auto before = store::installed_skills(tx, agent_id);
  const bool present = std::ranges::any_of(
      before, [&](const store::InstalledSkillRecord& i) { return i.skill.id == skill_id; });
  if (!present && before.size() >= max_skills_per_agent) {
    return make_error(Errc::limit_reached, "an agent may have at most " +
                                               std::to_string(max_skills_per_agent) + " skills");
  }
  const bool created = store::install_skill(tx, agent_id, skill_id, pinned_version, now_ms);
  for (auto& i : store::installed_skills(tx, agent_id)) {
    if (i.skill.id == skill_id) return Installed{std::move(i), created};
  }
  throw std::logic_error("skill " + skill_id + " is not on agent " + agent_id + " once installed");
}

Result<std::vector<store::InstalledSkillRecord>> installed(store::Tx& tx,
                                                           const std::string& account_id,
                                                           const std::string& agent_id) {
  auto agent = agents::find_owned(tx, account_id, agent_id);
  if (!agent) return agent.error();
  return store::installed_skills(tx, agent_id);
}

Result<void> uninstall(store::Tx& tx, const std::string& account_id, const std::string& agent_id,
                       const std::string& skill_id) {
  auto agent = agents::find_owned(tx, account_id, agent_id);
  if (!agent) return agent.error();
  if (!store::uninstall_skill(tx, agent_id, skill_id)) {
    return make_error(Errc::not_found,
                      "skill " + skill_id + " is not installed on agent " + agent_id);
  }
  return Ok{};
}

}  // namespace agentry::skills
