#include <boost/json/array.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/agent_access.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/limits.hpp"
#include "domain/agents.hpp"
#include "views/resources.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
Result<agents::Draft> agent_draft_of(const json::object& body) {
  agents::Draft d;
  auto text = [&](std::string_view name, std::optional<std::string>& out) {
    if (const auto* v = body.if_contains(name); v && v->is_string())
      out = std::string(v->get_string());
  };
  auto list = [&](std::string_view name, std::optional<std::vector<std::string>>& out) {
    if (const auto* v = body.if_contains(name)) {
      out.emplace();
      for (const auto& item : v->as_array()) out->emplace_back(item.as_string());
    }
  };
  text("name", d.name);
  text("displayName", d.display_name);
  text("description", d.description);
  text("version", d.version);
  text("kind", d.kind);
  text("model", d.model);
  text("systemPrompt", d.system_prompt);
  text("soulMd", d.soul_md);
  text("workflowMd", d.workflow_md);
  text("visibility", d.visibility);
  text("region", d.region);
  list("rules", d.rules);
  list("capabilities", d.capabilities);
  if (const auto* url = body.if_contains("endpointUrl")) {
    d.endpoint_url = url->is_null() ? std::string() : std::string(url->as_string());
  }
  if (const auto* price = body.if_contains("pricePerTask")) {
    auto micro = micro_credits(*price, "pricePerTask");
    if (!micro) return micro.error();
    d.price_per_task_micro = *micro;
  }
  return d;
}

namespace {

// The body's fields as a domain draft. The schema has already checked every type.
http::Response agent_reply(unsigned status, const store::AgentRecord& a) {
  http::Response r = data_reply(status, [&a](JsonWriter& w) { views::write_agent(w, a); });
  r.set_header("ETag", views::agent_etag(a));
  return r;
}

asio::awaitable<http::Response> create_agent(Call& call) {
  auto draft = agent_draft_of(call.body.as_object());
  if (!draft) co_return error_reply(call, draft.error());
  draft->allow_loopback_http = call.services.options.allow_loopback_http_endpoints;
  draft->prices = &call.services.prices;
  draft->plan = call.plan;
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) { return agents::create(tx, call.account_id(), *draft, call.now_ms); },
      [](const store::AgentRecord& created) {
        http::Response r = agent_reply(201, created);
        r.set_header("Location", "/v1/agents/" + created.id);
        return r;
      });
}

}  // namespace

Result<store::AgentFilter> agent_filter_of(const Call& call) {
  store::AgentFilter f;
  if (auto c = call.query_value("capability")) {
    auto tag = agents::normalize_capability(*c);
    if (!tag)
      return make_error(Errc::validation_error, "capability: not a capability tag", "capability");
    f.capability = *tag;
  }
  if (auto s = call.query_value("status")) {
    if (*s != "running" && *s != "stopped") {
      return make_error(Errc::validation_error, "status: must be running or stopped", "status");
    }
    f.status = *s;
  }
  if (auto q = call.query_value("q")) {
    if (q->size() > limits::query_text_max_chars) {
      return make_error(Errc::validation_error, "q: must be at most 200 characters", "q");
    }
    if (!q->empty()) f.text = *q;
  }
  return f;
}

namespace {

asio::awaitable<http::Response> list_agents(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto filter = agent_filter_of(call);
  if (!filter) co_return error_reply(call, filter.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agents::list_owned(tx, call.account_id(), *filter, *page);
  });
  co_return list_reply(found.items, views::write_agent, found.total, *page);
}

asio::awaitable<http::Response> get_agent(Call& call) {
  const std::string id = call.param("id");
  auto agent = co_await own_agent(call, id);
  if (!agent) co_return error_reply(call, make_error(Errc::not_found, "no agent with id " + id));
  co_return agent_reply(200, *agent);
}

asio::awaitable<http::Response> update_agent(Call& call) {
  auto expected = if_match(call);
  if (!expected) co_return error_reply(call, expected.error());
  auto draft = agent_draft_of(call.body.as_object());
  if (!draft) co_return error_reply(call, draft.error());
  draft->allow_loopback_http = call.services.options.allow_loopback_http_endpoints;
  draft->prices = &call.services.prices;
  const std::string id = call.param("id");
  auto updated = co_await call_write(call, [&](store::Tx& tx) {
    return agents::update(tx, call.account_id(), id, *draft, *expected, call.now_ms);
  });
  if (!updated) co_return error_reply(call, updated.error());
  co_return agent_reply(200, *updated);
}

asio::awaitable<http::Response> delete_agent(Call& call) {
  const std::string id = call.param("id");
  auto removed = co_await call_write(
      call, [&](store::Tx& tx) { return agents::remove(tx, call.account_id(), id, call.now_ms); });
  if (!removed) co_return error_reply(call, removed.error());
  http::Response r;
  r.status = 204;
  co_return r;
}

Handler lifecycle(agents::Lifecycle action) {
  return [action](Call& call) -> asio::awaitable<http::Response> {
    const std::string id = call.param("id");
    co_return co_await write_reply(
        call,
        [&](store::Tx& tx) {
          return agents::transition(tx, call.account_id(), id, action, call.now_ms, call.plan);
        },
        [](const store::AgentRecord& moved) { return agent_reply(200, moved); });
  };
}

asio::awaitable<http::Response> agent_status(Call& call) {
  const std::string id = call.param("id");
  auto agent = co_await own_agent(call, id);
  if (!agent) co_return error_reply(call, make_error(Errc::not_found, "no agent with id " + id));
  co_return data_reply(200, [&](JsonWriter& w) { views::write_agent_status(w, *agent); });
}

asio::awaitable<http::Response> list_marketplace(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto filter = agent_filter_of(call);
  if (!filter) co_return error_reply(call, filter.error());
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return agents::list_public(tx, *filter, *page); });
  co_return list_reply(found.items, views::write_public_agent, found.total, *page);
}

asio::awaitable<http::Response> get_marketplace_agent(Call& call) {
  const std::string id = call.param("id");
  auto agent = co_await public_agent(call, id);
  if (!agent)
    co_return error_reply(call, make_error(Errc::not_found, "no public agent with id " + id));
  co_return data_reply(200, [&](JsonWriter& w) { views::write_public_agent(w, *agent); });
}

constexpr std::string_view agent_properties = R"(
    "name": {"type": "string", "minLength": 1, "maxLength": 100, "description": "Unique within the account."},
    "displayName": {"type": "string", "maxLength": 100},
    "description": {"type": "string", "maxLength": 4000},
    "version": {"type": "string", "minLength": 1, "maxLength": 32, "pattern": "^[0-9A-Za-z.+-]+$"},
    "kind": {"type": "string", "enum": ["hosted", "remote"], "description": "hosted: run by agentry against an LLM provider; remote: called at endpointUrl."},
    "model": {"type": "string", "minLength": 1, "maxLength": 100, "description": "For hosted agents; defaults to gpt-4o-mini."},
    "systemPrompt": {"type": "string", "maxLength": 32768},
    "soulMd": {"type": "string", "maxLength": 65536, "description": "SOUL.md: the agent's personality."},
    "workflowMd": {"type": "string", "maxLength": 65536, "description": "WORKFLOW.md: how the agent works."},
    "rules": {"type": "array", "maxItems": 32, "items": {"type": "string", "maxLength": 500}},
    "capabilities": {"type": "array", "maxItems": 32, "items": {"type": "string", "minLength": 1, "maxLength": 64}},
    "pricePerTask": {"type": "number", "minimum": 0, "maximum": 1000000000, "description": "Credits per task."},
    "endpointUrl": {"type": ["string", "null"], "format": "uri", "maxLength": 2048, "description": "https URL of a remote agent; null clears it."},
    "visibility": {"type": "string", "enum": ["private", "public"], "description": "public agents are listed in the marketplace."},
    "region": {"type": "string", "minLength": 1, "maxLength": 32, "pattern": "^[a-z0-9-]+$"})";

std::string agent_schema(bool create) {
  return std::string(R"({"type": "object", "additionalProperties": false, )") +
         (create ? R"("required": ["name"], )" : R"("minProperties": 1, )") + R"("properties": {)" +
         std::string(agent_properties) + "}}";
}

std::vector<QueryParam> list_params() {
  std::vector<QueryParam> params = page_query_params();
  params.push_back({"capability", R"({"type":"string"})", "Only agents with this capability."});
  params.push_back({"status", R"({"type":"string","enum":["running","stopped"]})",
                    "Only agents in this state."});
  params.push_back({"q", R"({"type":"string","maxLength":200})",
                    "Text matched in name, displayName and description."});
  return params;
}

}  // namespace

std::vector<RouteSpec> agent_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "POST",
               .path = "/v1/agents",
               .operation_id = "createAgent",
               .tag = "Agents",
               .summary = "Register a hosted or remote agent",
               .scope = "agents:write",
               .request_schema = agent_schema(true),
               .success_status = 201,
               .response_schema = data_of("Agent"),
               .errors = {409},
               .etag = true,
               .handler = create_agent});
  r.push_back({.method = "GET",
               .path = "/v1/agents",
               .operation_id = "listAgents",
               .tag = "Agents",
               .summary = "List the account's agents",
               .scope = "agents:read",
               .query = list_params(),
               .response_schema = list_of("Agent"),
               .handler = list_agents});
  r.push_back({.method = "GET",
               .path = "/v1/agents/{id}",
               .operation_id = "getAgent",
               .tag = "Agents",
               .summary = "Read an agent (with its ETag)",
               .scope = "agents:read",
               .response_schema = data_of("Agent"),
               .etag = true,
               .handler = get_agent});
  r.push_back({.method = "PATCH",
               .path = "/v1/agents/{id}",
               .operation_id = "updateAgent",
               .tag = "Agents",
               .summary = "Change an agent; send If-Match with its ETag to refuse stale updates",
               .scope = "agents:write",
               .request_schema = agent_schema(false),
               .response_schema = data_of("Agent"),
               .errors = {409},
               .etag = true,
               .handler = update_agent});
  r.push_back({.method = "DELETE",
               .path = "/v1/agents/{id}",
               .operation_id = "deleteAgent",
               .tag = "Agents",
               .summary = "Delete an agent",
               .scope = "agents:write",
               .success_status = 204,
               .handler = delete_agent});
  for (auto [verb, action] :
       {std::pair{"start", agents::Lifecycle::start}, std::pair{"stop", agents::Lifecycle::stop},
        std::pair{"restart", agents::Lifecycle::restart}}) {
    std::string name(verb);
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    r.push_back({.method = "POST",
                 .path = "/v1/agents/{id}/" + std::string(verb),
                 .operation_id = std::string(verb) + "Agent",
                 .tag = "Agents",
                 .summary = name + " an agent",
                 .scope = "agents:write",
                 .response_schema = data_of("Agent"),
                 .etag = true,
                 .handler = lifecycle(action)});
  }
  r.push_back({.method = "GET",
               .path = "/v1/agents/{id}/status",
               .operation_id = "getAgentStatus",
               .tag = "Agents",
               .summary = "An agent's lifecycle state",
               .scope = "agents:read",
               .response_schema = data_of("AgentStatus"),
               .handler = agent_status});
  r.push_back({.method = "GET",
               .path = "/v1/marketplace/agents",
               .operation_id = "listMarketplaceAgents",
               .tag = "Marketplace",
               .summary = "Public agents of every account (public fields only)",
               .scope = "agents:read",
               .query = list_params(),
               .response_schema = list_of("PublicAgent"),
               .handler = list_marketplace});
  r.push_back({.method = "GET",
               .path = "/v1/marketplace/agents/{id}",
               .operation_id = "getMarketplaceAgent",
               .tag = "Marketplace",
               .summary = "A public agent's profile",
               .scope = "agents:read",
               .response_schema = data_of("PublicAgent"),
               .handler = get_marketplace_agent});
  return r;
}

}  // namespace agentry::api::v1
