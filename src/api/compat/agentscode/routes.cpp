#include "api/compat/agentscode/routes.hpp"

#include <boost/json/serialize.hpp>

#include <map>

#include "api/await_db.hpp"
#include "api/compat/agentscode/forms.hpp"
#include "api/compat/references.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/run_start.hpp"
#include "core/limits.hpp"
#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "views/values.hpp"

namespace agentry::api::compat::agentscode {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view prefix = "/compat/agentscode";
constexpr std::string_view base = "/compat/agentscode/v1";

// GET /agents: every agent available to the account, its own and the public ones, as a bare
// array (the newest, at most the page limit's maximum).
asio::awaitable<http::Response> list_agents(Call& call) {
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agents::list_available(tx, call.account_id(), {},
                                  {.limit = limits::page_limit_max, .offset = 0});
  });
  views::JsonWriter w;
  w.begin_array();
  for (const store::AgentRecord& agent : found.items) write_agent(w, agent);
  w.end_array();
  co_return json_text_reply(200, w.take());
}

http::Response job_reply(const store::RunRecord& run) {
  views::JsonWriter w;
  write_job(w, run);
  return json_text_reply(200, w.take());
}

// POST /agents/:agentId: a run of the agent with the body's input: {jobId, status: "queued"}.
asio::awaitable<http::Response> run_agent(Call& call) {
  const json::object& body = call.body.as_object();
  runs::Request request{.input = json::serialize(body.at("input")),
                        .timeout_ms = limits::run_timeout_ms};
  if (const auto* context = body.if_contains("contextData")) {
    request.context_data = json::serialize(*context);
  }
  const std::string reference = call.param("agentId");
  auto queued = [](const store::RunRecord& run) {
    views::JsonWriter w;
    w.begin_object().key("jobId").string(run.id).key("status").string("queued").end_object();
    return json_text_reply(200, w.take());
  };
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
        kept = queued(created);
        keep_answer(call, tx, *kept);
      });
  if (!run) co_return error_reply(call, run.error());
  co_return kept ? std::move(*kept) : queued(*run);
}

// GET /agents/:agentId/:agentJobId: the job, when it is a run of that agent.
asio::awaitable<http::Response> get_job(Call& call) {
  const std::string reference = call.param("agentId");
  const std::string id = call.param("agentJobId");
  auto agent = co_await agent_by_reference(call, reference);
  if (!agent) co_return error_reply(call, agent.error());
  auto run = co_await db_read(call.services.db, [&](store::Tx& tx) -> Result<store::RunRecord> {
    auto found = runs::get(tx, call.account_id(), id);
    if (found && found->agent_id != agent->id) {
      return make_error(Errc::not_found, "no job " + id + " of agent " + reference);
    }
    return found;
  });
  if (!run) co_return error_reply(call, run.error());
  co_return job_reply(*run);
}

asio::awaitable<http::Response> get_balance(Call& call) {
  auto wallet = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return ledger::wallet(tx, call.account_id()); });
  if (!wallet) co_return error_reply(call, wallet.error());
  views::JsonWriter w;
  w.begin_object().key("available");
  views::write_credits(w, wallet->balance_micro);
  w.key("used");
  views::write_credits(w, wallet->used);
  w.end_object();
  co_return json_text_reply(200, w.take());
}

// GET /credits/history: the account's runs, newest first, with what each cost.
asio::awaitable<http::Response> get_history(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto cursor = cursor_of(call, "run");
  if (!cursor) co_return error_reply(call, cursor.error());
  std::map<std::string, std::string> names;  // agent id → name
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    auto listed = runs::list(tx, call.account_id(), {.before_id = *cursor}, page->limit + 1);
    for (const store::RunRecord& run : listed) {
      if (names.contains(run.agent_id)) continue;
      auto agent = agents::load(tx, run.agent_id);
      names[run.agent_id] = agent ? agent->name : run.agent_id;
    }
    return listed;
  });
  const bool more = static_cast<std::int64_t>(found.size()) > page->limit;
  if (more) found.pop_back();
  views::JsonWriter w;
  w.begin_object().key("runs").begin_array();
  for (const store::RunRecord& run : found) write_history_run(w, run, names[run.agent_id]);
  w.end_array().key("hasMore").boolean(more).key("nextCursor");
  if (more) {
    w.string(found.back().id);
  } else {
    w.null();
  }
  w.end_object();
  co_return json_text_reply(200, w.take());
}

}  // namespace

Surface surface(const std::shared_ptr<const Documents>& documents) {
  const std::string b(base);
  std::vector<RouteSpec> routes;
  routes.push_back(
      {.method = "GET",
       .path = b + "/agents",
       .operation_id = "listAgents",
       .tag = "Agents",
       .summary = "Retrieve all available agents for your account (yours and "
                  "public ones, the newest 100)",
       .scope = "agents:read",
       .response_schema =
           R"({"type": "array", "items": {"$ref": "#/components/schemas/AgentsCodeAgent"}})",
       .error_shape = &errors,
       .handler = list_agents});
  routes.push_back(
      {.method = "POST",
       .path = b + "/agents/{agentId}",
       .operation_id = "runAgent",
       .tag = "Agents",
       .summary = "Run an agent with specific input parameters: a job, queued",
       .scope = "runs:write",
       .request_schema = R"({"type": "object", "required": ["input"], "additionalProperties": false,
         "properties": {"input": {"type": "object", "description": "Input parameters specific to the agent type."},
           "contextData": {"type": "string", "maxLength": 100000, "description": "Additional context for the agent."}}})",
       .response_schema =
           R"({"type": "object", "required": ["jobId", "status"], "properties": {"jobId": {"type": "string"}, "status": {"const": "queued"}}})",
       .error_shape = &errors,
       .handler = run_agent});
  routes.push_back({.method = "GET",
                    .path = b + "/agents/{agentId}/{agentJobId}",
                    .operation_id = "getJob",
                    .tag = "Agents",
                    .summary = "Get the response of an agent run",
                    .scope = "runs:read",
                    .response_schema = R"({"$ref": "#/components/schemas/AgentsCodeJob"})",
                    .error_shape = &errors,
                    .handler = get_job});
  routes.push_back({.method = "GET",
                    .path = b + "/credits/balance",
                    .operation_id = "getBalance",
                    .tag = "Credits",
                    .summary = "Retrieve your current credit balance",
                    .scope = "usage:read",
                    .response_schema = R"({"type": "object", "required": ["available", "used"],
                      "properties": {"available": {"$ref": "#/components/schemas/Credits"}, "used": {"$ref": "#/components/schemas/Credits"}}})",
                    .error_shape = &errors,
                    .handler = get_balance});
  routes.push_back(
      {.method = "GET",
       .path = b + "/credits/history",
       .operation_id = "getHistory",
       .tag = "Credits",
       .summary = "Retrieve your credit usage history: runs, newest first",
       .scope = "usage:read",
       .query = cursor_query_params(),
       .response_schema = R"({"type": "object", "required": ["runs", "hasMore", "nextCursor"],
                      "properties": {"runs": {"type": "array", "items": {"$ref": "#/components/schemas/AgentsCodeRun"}},
                        "hasMore": {"type": "boolean"}, "nextCursor": {"type": ["string", "null"]}}})",
       .error_shape = &errors,
       .handler = get_history});
  routes.push_back(openapi_route(std::string(prefix), errors, documents));
  return {.info = {.title = "AgentsCode API (agentry)",
                   .description =
                       "The AgentsCode API, served by agentry: change only the base URL. "
                       "Authenticate with `Authorization: Bearer <key>`. Every success is 200. "
                       "Runs are jobs (queued, active, completed, failed, cancelled); only "
                       "successful runs are charged: the agent's credits plus its model's "
                       "tokens. Errors are {\"error\": message}.",
                   .prefix = std::string(prefix),
                   .api_key_header = ""},
          .routes = std::move(routes),
          .components = component_schemas()};
}

}  // namespace agentry::api::compat::agentscode
