#include "api/compat/agenco/routes.hpp"

#include <boost/json/serialize.hpp>

#include "api/await_db.hpp"
#include "api/compat/agenco/forms.hpp"
#include "api/compat/references.hpp"
#include "api/credits_input.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/run_start.hpp"
#include "api/v1/agent_access.hpp"
#include "core/clock.hpp"
#include "core/limits.hpp"
#include "domain/agents.hpp"
#include "domain/usage.hpp"

namespace agentry::api::compat::agenco {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view prefix = "/compat/agenco";
constexpr std::string_view base = "/compat/agenco/api/v1/ext";

const pricing::ModelPrice* price_of(const Call& call, const store::AgentRecord& agent) {
  return agent.model ? call.services.prices.find(*agent.model) : nullptr;
}

// GET /agents: the agents the caller may run, its own and the public ones.
asio::awaitable<http::Response> list_agents(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto filter = v1::agent_filter_of(call);
  if (!filter) co_return error_reply(call, filter.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agents::list_available(tx, call.account_id(), *filter, *page);
  });
  views::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const store::AgentRecord& agent : found.items) {
    write_agent(w, agent, call.account_id(), price_of(call, agent));
  }
  w.end_array().key("pagination").begin_object();
  w.key("total").integer(found.total).key("limit").integer(page->limit);
  w.key("offset").integer(page->offset);
  w.key("has_more")
      .boolean(page->offset + static_cast<std::int64_t>(found.items.size()) < found.total);
  w.end_object().end_object();
  co_return json_text_reply(200, w.take());
}

// GET /agents/:id, where :id is an id or a name ("code-reviewer").
asio::awaitable<http::Response> get_agent(Call& call) {
  const std::string reference = call.param("id");
  auto agent = co_await agent_by_reference(call, reference);
  if (!agent) co_return error_reply(call, agent.error());
  views::JsonWriter w;
  write_agent(w, *agent, call.account_id(), price_of(call, *agent));
  co_return json_text_reply(200, w.take());
}

http::Response task_reply(unsigned status, const store::RunRecord& run) {
  views::JsonWriter w;
  write_task(w, run);
  http::Response r = json_text_reply(status, w.take());
  if (status == 201) r.set_header("Location", std::string(base) + "/tasks/" + run.id);
  return r;
}

// POST /tasks: a run of the agent `agent_id` names, with the description as its input.
asio::awaitable<http::Response> create_task(Call& call) {
  const json::object& body = call.body.as_object();
  runs::Request request{.input = json::serialize(json::object{{"task", body.at("description")}}),
                        .timeout_ms = limits::run_timeout_ms};
  if (const auto* context = body.if_contains("context")) {
    request.context_data = json::serialize(*context);
  }
  if (const auto* priority = body.if_contains("priority")) {
    request.priority = priority->as_string() == "high"  ? 1
                       : priority->as_string() == "low" ? -1
                                                        : 0;
  }
  if (const auto* max = body.if_contains("max_credits")) {
    auto micro = micro_credits(*max, "max_credits");
    if (!micro) co_return error_reply(call, micro.error());
    request.max_credits = *micro;
  }
  const std::string reference(body.at("agent_id").get_string());
  std::optional<http::Response> kept;
  auto run = co_await start_run(
      call, std::move(request),
      [&](store::Tx& tx, const runs::Request&) -> Result<std::string> {
        auto agent = agents::find_by_reference(tx, call.account_id(), reference);
        if (!agent) return agent.error();
        return std::move(agent->id);
      },
      [&](store::Tx& tx, const store::RunRecord& created) {
        if (!call.idempotency) return;
        kept = task_reply(201, created);
        keep_answer(call, tx, *kept);
      });
  if (!run) co_return error_reply(call, run.error());
  co_return kept ? std::move(*kept) : task_reply(201, *run);
}

asio::awaitable<http::Response> get_task(Call& call) {
  const std::string id = call.param("id");
  auto run = co_await db_read(call.services.db,
                              [&](store::Tx& tx) { return runs::get(tx, call.account_id(), id); });
  if (!run) co_return error_reply(call, run.error());
  co_return task_reply(200, *run);
}

// GET /usage: the account's usage over the last `days` UTC days, today included.
asio::awaitable<http::Response> get_usage(Call& call) {
  auto days = integer_param(call, "days", 30, 1, limits::usage_max_days);
  if (!days) co_return error_reply(call, days.error());
  const std::int64_t to = call.now_ms / ms_per_day * ms_per_day;
  const std::int64_t from = to - (*days - 1) * ms_per_day;
  auto used = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return usage::report(tx, call.account_id(), from, to, store::UsageGroup::none);
  });
  views::JsonWriter w;
  write_usage(w, from, to, used);
  co_return json_text_reply(200, w.take());
}

constexpr std::string_view task_body = R"({
  "type": "object", "required": ["agent_id", "description"], "additionalProperties": false,
  "properties": {
    "agent_id": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The agent's id, or its name (the caller's own agent of that name, else the one public agent of that name)."},
    "description": {"type": "string", "minLength": 1, "maxLength": 100000, "description": "The work: the agent's input."},
    "priority": {"type": "string", "enum": ["low", "normal", "high"], "default": "normal", "description": "Its place in your queue: high ahead of your queued tasks (never ahead of other callers' older ones), low behind what you send in the next minute."},
    "context": {"type": "string", "maxLength": 100000, "description": "Additional context for the agent."},
    "max_credits": {"type": "number", "minimum": 0, "description": "The most the task may cost, in dollars; the default is what the agent's price and the model's output cap allow."}
  }})";

}  // namespace

Surface surface(const std::shared_ptr<const Documents>& documents) {
  const std::string b(base);
  std::vector<QueryParam> list_query = page_query_params();
  list_query.push_back(
      {"capability", R"({"type": "string"})", "Only agents with this capability."});
  std::vector<RouteSpec> routes;
  routes.push_back({.method = "GET",
                    .path = b + "/agents",
                    .operation_id = "listAgents",
                    .tag = "Agents",
                    .summary = "List all available agents: the caller's own and public ones",
                    .scope = "agents:read",
                    .query = list_query,
                    .response_schema = R"({"type": "object", "required": ["data", "pagination"],
                      "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/AgencoAgent"}},
                        "pagination": {"type": "object", "required": ["total", "limit", "offset", "has_more"],
                          "properties": {"total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"}, "has_more": {"type": "boolean"}}}}})",
                    .error_shape = &errors,
                    .handler = list_agents});
  routes.push_back({.method = "GET",
                    .path = b + "/agents/{id}",
                    .operation_id = "getAgent",
                    .tag = "Agents",
                    .summary = "Get detailed agent information, by id or by name",
                    .scope = "agents:read",
                    .response_schema = R"({"$ref": "#/components/schemas/AgencoAgent"})",
                    .errors = {409},
                    .error_shape = &errors,
                    .handler = get_agent});
  routes.push_back({.method = "POST",
                    .path = b + "/tasks",
                    .operation_id = "createTask",
                    .tag = "Tasks",
                    .summary = "Create a new task for an agent: a run, charged per token",
                    .scope = "tasks:write",
                    .request_schema = std::string(task_body),
                    .success_status = 201,
                    .response_schema = R"({"$ref": "#/components/schemas/AgencoTask"})",
                    .errors = {402, 404},
                    .error_shape = &errors,
                    .handler = create_task});
  routes.push_back({.method = "GET",
                    .path = b + "/tasks/{id}",
                    .operation_id = "getTask",
                    .tag = "Tasks",
                    .summary = "Get task status and results",
                    .scope = "tasks:read",
                    .response_schema = R"({"$ref": "#/components/schemas/AgencoTask"})",
                    .error_shape = &errors,
                    .handler = get_task});
  routes.push_back(
      {.method = "GET",
       .path = b + "/usage",
       .operation_id = "getUsage",
       .tag = "Usage",
       .summary = "Get API usage statistics: requests, tokens and credits per UTC day",
       .scope = "usage:read",
       .query = {{"days", R"({"type": "integer", "minimum": 1, "maximum": 366, "default": 30})",
                  "UTC days to report, today included."}},
       .response_schema = R"({"$ref": "#/components/schemas/AgencoUsage"})",
       .error_shape = &errors,
       .handler = get_usage});
  routes.push_back(openapi_route(std::string(prefix), errors, documents));
  return {.info = {.title = "Agenco API (agentry)",
                   .description =
                       "Agenco's External API, served by agentry: change only the base URL. "
                       "Authenticate with `Authorization: Bearer <key>`; the scopes are "
                       "Agenco's (read:agents, write:tasks, read:usage, ...). Tasks are runs of "
                       "an agent, charged per token of its model (input + output) plus the "
                       "agent's price per task, in dollars. Every response carries "
                       "X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (an ISO "
                       "8601 UTC time); errors are {\"error\": {\"code\", \"message\"}}.",
                   .prefix = std::string(prefix),
                   .reset = ResetForm::iso8601},
          .routes = std::move(routes),
          .components = component_schemas()};
}

}  // namespace agentry::api::compat::agenco
