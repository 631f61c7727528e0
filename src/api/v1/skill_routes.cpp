#include <charconv>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/skills.hpp"
#include "views/skills.hpp"

// /v1/skills: the account's SKILL.md catalog, its versions and the marketplace; and
// /v1/agents/{id}/skills: the skills installed on an agent.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

skills::Upload upload_of(const Call& call) {
  return {.content = *call.body_string("content"),
          .name = call.body_string("name"),
          .description = call.body_string("description"),
          .visibility = call.body_string("visibility")};
}

http::Response skill_reply(unsigned status, const store::SkillRecord& s) {
  return data_reply(status, [&](JsonWriter& w) { views::write_skill(w, s, true); });
}

asio::awaitable<http::Response> create_skill(Call& call) {
  const skills::Upload upload = upload_of(call);
  auto created = co_await call_write(call, [&](store::Tx& tx) {
    return skills::create(tx, call.account_id(), upload, call.now_ms);
  });
  if (!created) co_return error_reply(call, created.error());
  http::Response r = skill_reply(201, *created);
  r.set_header("Location", "/v1/skills/" + created->id);
  co_return r;
}

asio::awaitable<http::Response> list_skills(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return skills::list(tx, call.account_id(), *page); });
  co_return list_reply(
      found.items,
      [](JsonWriter& w, const store::SkillRecord& s) { views::write_skill(w, s, false); },
      found.total, *page);
}

asio::awaitable<http::Response> skill_marketplace(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  const store::SkillFilter filter{.text = call.query_value("q"), .tag = call.query_value("tag")};
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return skills::marketplace(tx, filter, *page); });
  co_return list_reply(
      found.items,
      [](JsonWriter& w, const store::SkillRecord& s) { views::write_skill(w, s, false); },
      found.total, *page);
}

asio::awaitable<http::Response> get_skill(Call& call) {
  const std::string id = call.param("id");
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return skills::get(tx, call.account_id(), id); });
  if (!found) co_return error_reply(call, found.error());
  co_return skill_reply(200, *found);
}

asio::awaitable<http::Response> get_skill_version(Call& call) {
  const std::string id = call.param("id");
  const std::string text = call.param("version");
  std::int64_t version = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc{} || end != text.data() + text.size() || version < 1) {
    co_return error_reply(call,
                          make_error(Errc::not_found, "skill " + id + " has no version " + text));
  }
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return skills::get_version(tx, call.account_id(), id, version);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_skill_version(w, *found); });
}

asio::awaitable<http::Response> update_skill(Call& call) {
  const std::string id = call.param("id");
  const skills::Upload upload = upload_of(call);
  auto updated = co_await call_write(call, [&](store::Tx& tx) {
    return skills::update(tx, call.account_id(), id, upload, call.now_ms);
  });
  if (!updated) co_return error_reply(call, updated.error());
  co_return skill_reply(200, *updated);
}

asio::awaitable<http::Response> delete_skill(Call& call) {
  const std::string id = call.param("id");
  auto removed = co_await call_write(
      call, [&](store::Tx& tx) { return skills::remove(tx, call.account_id(), id); });
  if (!removed) co_return error_reply(call, removed.error());
  co_return no_content();
}

asio::awaitable<http::Response> install_skill(Call& call) {
  const std::string agent_id = call.param("id");
  const std::string skill_id = *call.body_string("skillId");
  std::optional<std::int64_t> pinned;
  const auto& body = call.body.as_object();
  if (auto it = body.find("version"); it != body.end() && it->value().is_int64()) {
    pinned = it->value().as_int64();
  }
  auto installed = co_await call_write(call, [&](store::Tx& tx) {
    return skills::install(tx, call.account_id(), agent_id, skill_id, pinned, call.now_ms);
  });
  if (!installed) co_return error_reply(call, installed.error());
  http::Response r = data_reply(installed->created ? 201 : 200, [&](JsonWriter& w) {
    views::write_installed_skill(w, installed->record);
  });
  if (installed->created)
    r.set_header("Location", "/v1/agents/" + agent_id + "/skills/" + skill_id);
  co_return r;
}

asio::awaitable<http::Response> list_agent_skills(Call& call) {
  const std::string agent_id = call.param("id");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return skills::installed(tx, call.account_id(), agent_id);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return data_reply(200, [&](JsonWriter& w) {
    w.begin_array();
    for (const auto& i : *found) views::write_installed_skill(w, i);
    w.end_array();
  });
}

asio::awaitable<http::Response> get_agent_skill(Call& call) {
  const std::string agent_id = call.param("id");
  const std::string skill_id = call.param("skillId");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return skills::installed(tx, call.account_id(), agent_id);
  });
  if (!found) co_return error_reply(call, found.error());
  for (const auto& i : *found) {
    if (i.skill.id == skill_id) {
      co_return data_reply(200, [&](JsonWriter& w) { views::write_installed_skill(w, i); });
    }
  }
  co_return error_reply(
      call,
      make_error(Errc::not_found, "skill " + skill_id + " is not installed on agent " + agent_id));
}

asio::awaitable<http::Response> uninstall_skill(Call& call) {
  const std::string agent_id = call.param("id");
  const std::string skill_id = call.param("skillId");
  auto removed = co_await call_write(call, [&](store::Tx& tx) {
    return skills::uninstall(tx, call.account_id(), agent_id, skill_id);
  });
  if (!removed) co_return error_reply(call, removed.error());
  co_return no_content();
}

std::string upload_schema(bool create) {
  return std::string(R"({"type": "object", "additionalProperties": false, "required": ["content"],
    "properties": {
      "content": {"type": "string", "minLength": 1, "description": "The whole SKILL.md: YAML front matter with name and description (and optionally license, compatibility, allowed-tools, tags, metadata), then Markdown instructions; at most 64 KiB."},
      "name": {"type": "string", "maxLength": 64, "description": "When given, must equal the front matter's name."},
      "description": {"type": "string", "maxLength": 1024, "description": "When given, must equal the front matter's description."},
      "visibility": {"type": "string", "enum": ["private", "public"], "description": ")") +
         (create ? "private (default) or public: listed in the marketplace for every account."
                 : "Unchanged unless given.") +
         R"("}}})";
}

RouteSpec skill_route(RouteSpec r) {
  r.tag = "Skills";
  r.scope = "skills";
  return r;
}

}  // namespace

std::vector<RouteSpec> skill_routes() {
  std::vector<RouteSpec> r;
  r.push_back(skill_route({.method = "POST",
                           .path = "/v1/skills",
                           .operation_id = "createSkill",
                           .summary = "Upload a skill (a SKILL.md) to your catalog as version 1",
                           .request_schema = upload_schema(true),
                           .success_status = 201,
                           .response_schema = data_of("SkillDetail"),
                           .errors = {409, 413},
                           .handler = create_skill}));
  r.push_back(skill_route({.method = "GET",
                           .path = "/v1/skills",
                           .operation_id = "listSkills",
                           .summary = "Your skills, newest first",
                           .query = page_query_params(),
                           .response_schema = list_of("Skill"),
                           .handler = list_skills}));
  std::vector<QueryParam> market = page_query_params();
  market.push_back({"q", R"({"type": "string", "maxLength": 200})",
                    "Only skills with this text in their name or description (any case)."});
  market.push_back({"tag", R"({"type": "string", "maxLength": 32})", "Only skills with this tag."});
  r.push_back(skill_route({.method = "GET",
                           .path = "/v1/skills/marketplace",
                           .operation_id = "listSkillMarketplace",
                           .summary = "Public skills of every account and the built-in ones, the "
                                      "most installed first",
                           .query = std::move(market),
                           .response_schema = list_of("Skill"),
                           .handler = skill_marketplace}));
  r.push_back(skill_route({.method = "GET",
                           .path = "/v1/skills/{id}",
                           .operation_id = "getSkill",
                           .summary = "A skill you own, a public one or a built-in one, with its "
                                      "current SKILL.md",
                           .response_schema = data_of("SkillDetail"),
                           .handler = get_skill}));
  r.push_back(skill_route({.method = "GET",
                           .path = "/v1/skills/{id}/versions/{version}",
                           .operation_id = "getSkillVersion",
                           .summary = "One version of a skill's SKILL.md",
                           .response_schema = data_of("SkillVersion"),
                           .handler = get_skill_version}));
  r.push_back(skill_route({.method = "PUT",
                           .path = "/v1/skills/{id}",
                           .operation_id = "updateSkill",
                           .summary = "Upload the next version of your skill (its name stays)",
                           .request_schema = upload_schema(false),
                           .response_schema = data_of("SkillDetail"),
                           .errors = {413},
                           .handler = update_skill}));
  r.push_back(skill_route({.method = "DELETE",
                           .path = "/v1/skills/{id}",
                           .operation_id = "deleteSkill",
                           .summary = "Delete your skill with its versions; agents that had it "
                                      "lose it",
                           .success_status = 204,
                           .handler = delete_skill}));
  r.push_back(skill_route({.method = "POST",
                           .path = "/v1/agents/{id}/skills",
                           .operation_id = "installSkill",
                           .summary = "Install a skill on your agent (201), or change its pinned "
                                      "version (200)",
                           .request_schema = R"({"type": "object", "additionalProperties": false,
                             "required": ["skillId"], "properties": {
                             "skillId": {"type": "string", "minLength": 1, "maxLength": 64},
                             "version": {"type": ["integer", "null"], "minimum": 1, "description": "Pin this version; without it the agent follows the current one."}}})",
                           .response_schema = data_of("InstalledSkill"),
                           .creates_or_updates = true,
                           .handler = install_skill}));
  r.push_back(skill_route(
      {.method = "GET",
       .path = "/v1/agents/{id}/skills",
       .operation_id = "listAgentSkills",
       .summary = "The skills installed on your agent, by name",
       .response_schema =
           R"({"type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/InstalledSkill"}}}})",
       .handler = list_agent_skills}));
  r.push_back(skill_route({.method = "GET",
                           .path = "/v1/agents/{id}/skills/{skillId}",
                           .operation_id = "getAgentSkill",
                           .summary = "One skill installed on your agent, at the version in effect",
                           .response_schema = data_of("InstalledSkill"),
                           .handler = get_agent_skill}));
  r.push_back(skill_route({.method = "DELETE",
                           .path = "/v1/agents/{id}/skills/{skillId}",
                           .operation_id = "uninstallSkill",
                           .summary = "Remove a skill from your agent",
                           .success_status = 204,
                           .handler = uninstall_skill}));
  return r;
}

}  // namespace agentry::api::v1
