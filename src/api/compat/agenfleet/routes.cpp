#include "api/compat/agenfleet/routes.hpp"

#include "api/await_db.hpp"
#include "api/compat/agenfleet/forms.hpp"
#include "api/reply.hpp"
#include "domain/activity.hpp"
#include "domain/chat.hpp"
#include "views/resources.hpp"

namespace agentry::api::compat::agenfleet {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view prefix = "/compat/agenfleet";

// GET /v1/sessions: the account's sessions, newest first, paged by limit and offset.
asio::awaitable<http::Response> list_sessions(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return chat::page_sessions(tx, call.account_id(), call.query_value("agentId"), *page);
  });
  http::Response r = list_reply(found.items, views::write_session, found.total, *page);
  r.body = session_list(r.body);
  co_return r;
}

// POST /v1/sessions {agentId, name}: the native session, its title the name.
asio::awaitable<http::Response> create_session(const Handler& native, Call& call) {
  json::object body = call.body.as_object();
  if (const json::value* name = body.if_contains("name")) {
    json::value title = *name;  // copied first: inserting may move the object's members
    body.erase("name");
    body["title"] = std::move(title);
  }
  call.body = std::move(body);
  co_return co_await answer_natively(native, call);
}

// POST /v1/sessions/{id}/messages {content}: a chat turn in the session, answered whole with
// the agent's reply.
asio::awaitable<http::Response> send_message(const Handler& native, Call& call) {
  const std::string id = call.param("id");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return chat::get_session(tx, call.account_id(), id);
  });
  if (!found) co_return error_reply(call, found.error());
  call.body = json::object{{"message", call.body.at("content")}, {"sessionId", id}};
  call.request.path_params = {{"id", found->agent_id}};
  co_return co_await answer_natively(native, call);
}

// GET /v1/activity: the account's audit trail, newest first, paged by limit and offset.
asio::awaitable<http::Response> list_activity(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return activity::page(tx, call.account_id(), {}, *page);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return list_reply(found->items, views::write_activity, found->total, *page);
}

std::string list_schema(std::string_view item) {
  return R"({"type": "object", "required": ["data", "pagination"], "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/)" +
         std::string(item) + R"("}}, "pagination": {"$ref": "#/components/schemas/Pagination"}}})";
}

std::string ref(std::string_view name) {
  return R"({"$ref": "#/components/schemas/)" + std::string(name) + R"("})";
}

// A native route's {"data": X} answer served bare.
RouteSpec bare(const Natives& natives, std::string_view operation_id, std::string path,
               const ErrorShape& shape) {
  const RouteSpec& native = natives.route(operation_id);
  return mount(native, std::move(path), shape,
               native.response_schema.empty() ? "" : data_schema_of(native),
               native.response_schema.empty() ? nullptr : unwrapped);
}

}  // namespace

Surface surface(const Natives& natives, const std::shared_ptr<const Documents>& documents) {
  const std::string b = std::string(prefix) + "/v1";
  std::vector<RouteSpec> r;
  // Agents.
  r.push_back(mount(natives.route("listAgents"), b + "/agents", errors, list_schema("FleetAgent"),
                    agent_list));
  for (const char* op : {"createAgent", "getAgent", "updateAgent"}) {
    const RouteSpec& native = natives.route(op);
    r.push_back(mount(native, b + native.path.substr(3), agent_errors, ref("FleetAgent"), agent));
  }
  r.push_back(mount(natives.route("deleteAgent"), b + "/agents/{id}", agent_errors, ""));
  // Sessions and messages: a read key lists and reads them.
  r.push_back({.method = "GET",
               .path = b + "/sessions",
               .operation_id = "listSessions",
               .tag = "Sessions",
               .summary = "Your sessions, newest first",
               .scope = "agents:read",
               .query =
                   [] {
                     std::vector<QueryParam> q = page_query_params();
                     q.push_back({"agentId", R"({"type": "string"})", "Only this agent's."});
                     return q;
                   }(),
               .response_schema = list_schema("FleetSession"),
               .error_shape = &errors,
               .handler = list_sessions});
  {
    const RouteSpec& native = natives.route("createSession");
    // The only thing a new session can miss is its agent.
    RouteSpec create = mount(native, b + "/sessions", agent_errors, ref("FleetSession"), session);
    create.request_schema = R"({"type": "object", "additionalProperties": false,
      "required": ["agentId"], "properties": {
        "agentId": {"type": "string", "minLength": 1, "maxLength": 64},
        "name": {"type": "string", "maxLength": 80},
        "endUserId": {"type": "string", "minLength": 1, "maxLength": 128, "description": "Your own id of the person chatting."}}})";
    create.handler = [handler = native.handler](Call& call) {
      return create_session(handler, call);
    };
    r.push_back(std::move(create));
  }
  RouteSpec get_session = mount(natives.route("getSession"), b + "/sessions/{id}", session_errors,
                                ref("FleetSession"), session);
  get_session.scope = "agents:read";
  r.push_back(std::move(get_session));
  {
    const RouteSpec& native = natives.route("chat");
    RouteSpec send = mount(native, b + "/sessions/{id}/messages", session_errors,
                           data_schema_of(native), unwrapped);
    send.operation_id = "sendMessage";
    send.summary = "Send a message in a session: the agent's reply, paid like a run";
    send.request_schema = R"({"type": "object", "additionalProperties": false,
      "required": ["content"], "properties": {"content": {"type": "string", "minLength": 1, "maxLength": 100000}}})";
    send.also_streams = false;
    send.errors = {402, 409};
    send.handler = [handler = native.handler](Call& call) { return send_message(handler, call); };
    r.push_back(std::move(send));
  }
  // Metrics and the activity log.
  r.push_back(bare(natives, "getMetrics", b + "/metrics", errors));
  r.push_back({.method = "GET",
               .path = b + "/activity",
               .operation_id = "listActivity",
               .tag = "Activity",
               .summary = "The activity log: what was done in the account, newest first",
               .scope = "activity:read",
               .query = page_query_params(),
               .response_schema = list_schema("Activity"),
               .error_shape = &errors,
               .handler = list_activity});
  // Webhooks and cron jobs (schedules).
  r.push_back(mount(natives.route("listWebhooks"), b + "/webhooks", errors,
                    natives.route("listWebhooks").response_schema));
  for (const char* op : {"createWebhook", "getWebhook", "updateWebhook", "deleteWebhook"}) {
    const RouteSpec& native = natives.route(op);
    r.push_back(bare(natives, op, b + native.path.substr(3), webhook_errors));
  }
  RouteSpec cron_jobs = mount(natives.route("listSchedules"), b + "/cron-jobs", errors,
                              natives.route("listSchedules").response_schema);
  cron_jobs.operation_id = "listCronJobs";
  cron_jobs.tag = "Cron jobs";
  r.push_back(std::move(cron_jobs));
  for (const char* op : {"createSchedule", "getSchedule", "updateSchedule", "deleteSchedule"}) {
    const RouteSpec& native = natives.route(op);
    std::string path =
        b + "/cron-jobs" + native.path.substr(std::string_view("/v1/schedules").size());
    RouteSpec cron = bare(natives, op, std::move(path), cron_errors);
    cron.operation_id = std::string(op).replace(std::string(op).find("Schedule"), 8, "CronJob");
    cron.tag = "Cron jobs";
    r.push_back(std::move(cron));
  }
  r.push_back(openapi_route(std::string(prefix), errors, documents));
  return {.info = {.title = "AgenFleet API (agentry)",
                   .description =
                       "The AgenFleet REST API, served by agentry: change only the base URL. "
                       "Authenticate with `Authorization: Bearer <key>`: a `read` key lists and "
                       "reads agents, sessions, metrics and the activity log; a `read-write` key "
                       "does everything. Single resources are answered bare; lists as "
                       "{data, pagination} paged by limit (at most 100) and offset. Errors are "
                       "{\"error\": {\"code\", \"message\", \"statusCode\"}}. Every response "
                       "carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset "
                       "(Unix seconds). POSTs take an Idempotency-Key.",
                   .prefix = std::string(prefix),
                   .api_key_header = ""},
          .routes = std::move(r),
          .components = component_schemas(natives)};
}

}  // namespace agentry::api::compat::agenfleet
