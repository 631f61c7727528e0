#include "store/skill_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

// A skill with its current version's content.
constexpr std::string_view select_skills =
    "SELECT s.id, s.account_id, s.name, s.description, s.visibility, s.version, s.tags, "
    "s.installs, s.created_at, s.updated_at, v.content FROM skills s JOIN skill_versions v ON "
    "v.skill_id = s.id AND v.version = s.version";
constexpr std::string_view skills_table = "skills s";

SkillRecord skill_from(Row& r) {
  SkillRecord s;
  s.id = r.take_text(0);
  s.account_id = r.take_optional_text(1);
  s.name = r.take_text(2);
  s.description = r.take_text(3);
  s.visibility = r.take_text(4);
  s.version = r.integer(5);
  s.tags = decode_string_list(r.take_text(6));
  s.installs = r.integer(7);
  s.created_at_ms = r.integer(8);
  s.updated_at_ms = r.integer(9);
  s.content = r.take_text(10);
  return s;
}

std::optional<SkillRecord> first_skill(Rows rows) {
  if (rows.empty()) return std::nullopt;
  return skill_from(rows.front());
}

void write_version_and_tags(Tx& tx, const SkillRecord& s) {
  tx.exec(
      "INSERT INTO skill_versions (skill_id, version, content, created_at) VALUES ($1, $2, $3, "
      "$4)",
      {s.id, s.version, s.content, s.updated_at_ms});
  tx.exec("DELETE FROM skill_tags WHERE skill_id = $1", {s.id});
  for (const std::string& tag : s.tags) {
    tx.exec("INSERT INTO skill_tags (tag, skill_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            {tag, s.id});
  }
}

// `text` as a LIKE pattern that matches it anywhere, its own % and _ escaped.
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

void insert_skill(Tx& tx, const SkillRecord& s) {
  tx.exec(
      "INSERT INTO skills (id, account_id, name, description, visibility, version, tags, "
      "installs, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {s.id, optional_text(s.account_id), s.name, s.description, s.visibility, s.version,
       encode_string_list(s.tags), s.installs, s.created_at_ms, s.updated_at_ms});
  write_version_and_tags(tx, s);
}

std::optional<SkillRecord> find_skill(Tx& tx, std::string_view id) {
  return first_skill(tx.query(std::string(select_skills) + " WHERE s.id = $1", {std::string(id)}));
}

std::optional<SkillRecord> find_skill_named(Tx& tx, const std::optional<std::string>& account_id,
                                            std::string_view name) {
  if (!account_id) {
    return first_skill(
        tx.query(std::string(select_skills) + " WHERE s.account_id IS NULL AND s.name = $1",
                 {std::string(name)}));
  }
  return first_skill(
      tx.query(std::string(select_skills) + " WHERE s.account_id = $1 AND s.name = $2",
               {*account_id, std::string(name)}));
}

PageOf<SkillRecord> list_skills(Tx& tx, std::string_view account_id, Page page) {
  return page_of<SkillRecord>(tx, skills_table, select_skills,
                              Where("s.account_id = $1", {std::string(account_id)}), page,
                              skill_from);
}

std::int64_t count_skills(Tx& tx, std::string_view account_id) {
  return tx.query("SELECT COUNT(*) FROM skills WHERE account_id = $1", {std::string(account_id)})
      .at(0)
      .integer(0);
}

PageOf<SkillRecord> marketplace_skills(Tx& tx, const SkillFilter& filter, Page page) {
  Where where("s.visibility = 'public'");
  if (filter.text) {
    const std::string p = where.param(contains_pattern(*filter.text));
    where.add("(lower(s.name) LIKE lower(" + p + ") ESCAPE '\\' OR lower(s.description) LIKE " +
              "lower(" + p + ") ESCAPE '\\')");
  }
  if (filter.tag) {
    where.add("s.id IN (SELECT skill_id FROM skill_tags WHERE tag = " + where.param(*filter.tag) +
              ")");
  }
  PageOf<SkillRecord> out;
  out.total = where.count(tx, skills_table);
  for (Row& r :
       where.rows(tx, select_skills, "s.installs DESC, s.name, s.id", page.limit, page.offset)) {
    out.items.push_back(skill_from(r));
  }
  return out;
}

void update_skill(Tx& tx, const SkillRecord& s) {
  tx.exec(
      "UPDATE skills SET description = $2, visibility = $3, version = $4, tags = $5, "
      "updated_at = $6 WHERE id = $1",
      {s.id, s.description, s.visibility, s.version, encode_string_list(s.tags), s.updated_at_ms});
  write_version_and_tags(tx, s);
}

bool delete_skill(Tx& tx, std::string_view id) {
  const std::string skill_id(id);
  tx.exec("DELETE FROM agent_skills WHERE skill_id = $1", {skill_id});
  tx.exec("DELETE FROM skill_tags WHERE skill_id = $1", {skill_id});
  tx.exec("DELETE FROM skill_versions WHERE skill_id = $1", {skill_id});
  return tx.exec("DELETE FROM skills WHERE id = $1", {skill_id}) == 1;
}

std::optional<SkillVersionRecord> find_skill_version(Tx& tx, std::string_view skill_id,
                                                     std::int64_t version) {
  Rows rows = tx.query(
      "SELECT skill_id, version, content, created_at FROM skill_versions WHERE skill_id = $1 AND "
      "version = $2",
      {std::string(skill_id), version});
  if (rows.empty()) return std::nullopt;
  Row& r = rows.front();
  return SkillVersionRecord{.skill_id = r.take_text(0),
                            .version = r.integer(1),
                            .content = r.take_text(2),
                            .created_at_ms = r.integer(3)};
}

bool install_skill(Tx& tx, std::string_view agent_id, std::string_view skill_id,
                   std::optional<std::int64_t> pinned_version, std::int64_t now_ms) {
  const std::string agent(agent_id);
  const std::string skill(skill_id);
  if (tx.exec("UPDATE agent_skills SET pinned_version = $3 WHERE agent_id = $1 AND skill_id = $2",
              {agent, skill, optional_int(pinned_version)}) == 1) {
    return false;
  }
  tx.exec(
      "INSERT INTO agent_skills (agent_id, skill_id, pinned_version, installed_at) VALUES ($1, "
      "$2, $3, $4)",
      {agent, skill, optional_int(pinned_version), now_ms});
  tx.exec("UPDATE skills SET installs = installs + 1 WHERE id = $1", {skill});
  return true;
}

bool uninstall_skill(Tx& tx, std::string_view agent_id, std::string_view skill_id) {
  return tx.exec("DELETE FROM agent_skills WHERE agent_id = $1 AND skill_id = $2",
                 {std::string(agent_id), std::string(skill_id)}) == 1;
}

void uninstall_skills(Tx& tx, std::string_view agent_id) {
  tx.exec("DELETE FROM agent_skills WHERE agent_id = $1", {std::string(agent_id)});
}

std::vector<InstalledSkillRecord> installed_skills(Tx& tx, std::string_view agent_id) {
  std::vector<InstalledSkillRecord> out;
  for (Row& r : tx.query(
           "SELECT s.id, s.account_id, s.name, s.description, s.visibility, s.version, s.tags, "
           "s.installs, s.created_at, s.updated_at, v.content, a.pinned_version, a.installed_at, "
           "v.version "
           "FROM agent_skills a JOIN skills s ON s.id = a.skill_id JOIN skill_versions v ON "
           "v.skill_id = s.id AND v.version = COALESCE(a.pinned_version, s.version) WHERE "
           "a.agent_id = $1 ORDER BY s.name",
           {std::string(agent_id)})) {
    InstalledSkillRecord i{.agent_id = std::string(agent_id), .skill = skill_from(r)};
    i.pinned_version = r.optional_integer(11);
    i.installed_at_ms = r.integer(12);
    i.version = r.integer(13);
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace agentry::store
