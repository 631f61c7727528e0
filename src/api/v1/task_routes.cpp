#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "api/await_db.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/clock.hpp"
#include "domain/agents.hpp"
#include "domain/tasks.hpp"
#include "views/resources.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

std::string text_of(const json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

Result<tasks::Draft> draft_of(const json::object& body) {
  tasks::Draft d;
  d.title = text_of(body, "title");
  d.description = text_of(body, "description");
  auto budget = micro_credits(body.at("budget"), "budget");
  if (!budget) return budget.error();
  if (*budget == 0) {
    return make_error(Errc::validation_error, "budget: must be more than 0", "budget");
  }
  d.budget_micro = *budget;
  if (const auto* caps = body.if_contains("requiredCapabilities")) {
    for (const auto& c : caps->as_array()) {
      auto tag = agents::normalize_capability(c.as_string());
      if (!tag) {
        return make_error(
            Errc::validation_error,
            "requiredCapabilities: \"" + std::string(c.as_string()) + "\" is not a capability tag",
            "requiredCapabilities");
      }
      if (std::find(d.capabilities.begin(), d.capabilities.end(), *tag) == d.capabilities.end()) {
        d.capabilities.push_back(*tag);
      }
    }
  }
  if (auto agent = text_of(body, "agentId"); !agent.empty()) d.agent_id = agent;
  if (auto priority = text_of(body, "priority"); !priority.empty()) d.priority = priority;
  if (auto deadline = text_of(body, "deadline"); !deadline.empty()) {
    auto at = parse_rfc3339(deadline);
    if (!at) {
      return make_error(Errc::validation_error, "deadline: not an RFC 3339 timestamp", "deadline");
    }
    d.deadline_at_ms = *at;
  }
  return d;
}

http::Response task_reply(const Call& call, unsigned status, const store::TaskRecord& t) {
  return data_reply(status, [&](JsonWriter& w) { views::write_task(w, t, call.account_id()); });
}

asio::awaitable<http::Response> post_task(Call& call) {
  auto draft = draft_of(call.body.as_object());
  if (!draft) co_return error_reply(call, draft.error());
  co_return co_await write_reply(
      call, [&](store::Tx& tx) { return tasks::post(tx, call.account_id(), *draft, call.now_ms); },
      [&](const store::TaskRecord& posted) {
        http::Response r = task_reply(call, 201, posted);
        r.set_header("Location", "/v1/tasks/" + posted.id);
        return r;
      },
      tasks::isolation);
}

Result<bool> flag(const Call& call, std::string_view name) {
  auto v = call.query_value(name);
  if (!v || *v == "false") return false;
  if (*v == "true") return true;
  return make_error(Errc::validation_error, std::string(name) + ": must be true or false",
                    std::string(name));
}

asio::awaitable<http::Response> list_tasks(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  store::TaskFilter filter{.viewer = call.account_id()};
  if (auto s = call.query_value("status")) {
    static constexpr std::array states = {"open", "assigned", "completed", "cancelled", "expired"};
    if (std::find(states.begin(), states.end(), *s) == states.end()) {
      co_return error_reply(call, make_error(Errc::validation_error,
                                             "status: must be open, assigned, completed, "
                                             "cancelled or expired",
                                             "status"));
    }
    filter.status = *s;
  }
  if (auto c = call.query_value("capability")) {
    auto tag = agents::normalize_capability(*c);
    if (!tag) {
      co_return error_reply(call, make_error(Errc::validation_error,
                                             "capability: not a capability tag", "capability"));
    }
    filter.capability = *tag;
  }
  auto posted = flag(call, "postedByMe");
  if (!posted) co_return error_reply(call, posted.error());
  auto assigned = flag(call, "assignedToMe");
  if (!assigned) co_return error_reply(call, assigned.error());
  filter.posted_by_viewer = *posted;
  filter.assigned_to_viewer = *assigned;
  auto found = co_await db_read(call.services.db,
                                [&](store::Tx& tx) { return tasks::list(tx, filter, *page); });
  co_return list_reply(
      found.items,
      [&call](JsonWriter& w, const store::TaskRecord& t) {
        views::write_task(w, t, call.account_id());
      },
      found.total, *page);
}

asio::awaitable<http::Response> get_task(Call& call) {
  const std::string id = call.param("id");
  auto task = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return tasks::get(tx, call.account_id(), id); });
  if (!task) co_return error_reply(call, task.error());
  co_return task_reply(call, 200, *task);
}

// A transition: the domain function runs in one write transaction with its money.
template <class Step>
asio::awaitable<http::Response> transition(Call& call, Step step) {
  const std::string id = call.param("id");
  co_return co_await write_reply(
      call, [&](store::Tx& tx) { return step(tx, call.account_id(), id); },
      [&](const store::TaskRecord& moved) { return task_reply(call, 200, moved); },
      tasks::isolation);
}

asio::awaitable<http::Response> accept_task(Call& call) {
  const std::string agent = text_of(call.body.as_object(), "agentId");
  co_return co_await transition(call,
                                [&](store::Tx& tx, const std::string& me, const std::string& id) {
                                  return tasks::accept(tx, me, id, agent, call.now_ms);
                                });
}

asio::awaitable<http::Response> complete_task(Call& call) {
  const std::string result = json::serialize(call.body.as_object().at("result"));
  const std::int64_t fee_bps = call.services.options.fee_bps;
  co_return co_await transition(call,
                                [&](store::Tx& tx, const std::string& me, const std::string& id) {
                                  return tasks::complete(tx, me, id, result, fee_bps, call.now_ms);
                                });
}

asio::awaitable<http::Response> cancel_task(Call& call) {
  co_return co_await transition(call,
                                [&](store::Tx& tx, const std::string& me, const std::string& id) {
                                  return tasks::cancel(tx, me, id, call.now_ms);
                                });
}

asio::awaitable<http::Response> review_task(Call& call) {
  const json::object& body = call.body.as_object();
  const std::int64_t rating = body.at("rating").to_number<std::int64_t>();
  const std::string comment = text_of(body, "comment");
  co_return co_await transition(call,
                                [&](store::Tx& tx, const std::string& me, const std::string& id) {
                                  return tasks::review(tx, me, id, rating, comment, call.now_ms);
                                });
}

constexpr std::string_view post_schema = R"({
  "type": "object", "additionalProperties": false, "required": ["title", "budget"],
  "properties": {
    "title": {"type": "string", "minLength": 1, "maxLength": 200},
    "description": {"type": "string", "maxLength": 20000},
    "budget": {"type": "number", "minimum": 0.000001, "maximum": 1000000000, "description": "Credits held from the poster's wallet until the task settles."},
    "requiredCapabilities": {"type": "array", "maxItems": 16, "items": {"type": "string", "minLength": 1, "maxLength": 64}},
    "agentId": {"type": "string", "maxLength": 64, "description": "A direct offer: only this public agent may accept."},
    "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
    "deadline": {"type": "string", "format": "date-time", "description": "When an open or assigned task expires and its budget returns to the poster."}}})";

std::vector<QueryParam> list_params() {
  std::vector<QueryParam> params = page_query_params();
  params.push_back(
      {"status",
       R"({"type":"string","enum":["open","assigned","completed","cancelled","expired"]})",
       "Only tasks in this state."});
  params.push_back({"capability", R"({"type":"string"})", "Only tasks requiring this capability."});
  params.push_back({"postedByMe", R"({"type":"boolean"})", "Only tasks the caller posted."});
  params.push_back(
      {"assignedToMe", R"({"type":"boolean"})", "Only tasks assigned to the caller's agents."});
  return params;
}

RouteSpec step(const std::string& verb, std::string summary, std::string schema, Handler handler) {
  std::string name = verb;
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return {.method = "POST",
          .path = "/v1/tasks/{id}/" + verb,
          .operation_id = verb + "Task",
          .tag = "Tasks",
          .summary = std::move(summary),
          .scope = "tasks:write",
          .request_schema = std::move(schema),
          .response_schema = data_of("Task"),
          .errors = {402, 409},
          .handler = std::move(handler)};
}

}  // namespace

std::vector<RouteSpec> task_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "POST",
               .path = "/v1/tasks",
               .operation_id = "postTask",
               .tag = "Tasks",
               .summary = "Post a task to the marketplace; its budget is held from your wallet",
               .scope = "tasks:write",
               .request_schema = std::string(post_schema),
               .success_status = 201,
               .response_schema = data_of("Task"),
               .errors = {402},
               .handler = post_task});
  r.push_back({.method = "GET",
               .path = "/v1/tasks",
               .operation_id = "listTasks",
               .tag = "Tasks",
               .summary = "The marketplace's tasks (direct offers only to their parties)",
               .scope = "tasks:read",
               .query = list_params(),
               .response_schema = list_of("Task"),
               .handler = list_tasks});
  r.push_back({.method = "GET",
               .path = "/v1/tasks/{id}",
               .operation_id = "getTask",
               .tag = "Tasks",
               .summary = "Read a task",
               .scope = "tasks:read",
               .response_schema = data_of("Task"),
               .handler = get_task});
  r.push_back(step("accept", "Take an open task with one of your agents",
                   R"({"type": "object", "additionalProperties": false, "required": ["agentId"],
                       "properties": {"agentId": {"type": "string", "minLength": 1, "maxLength": 64}}})",
                   accept_task));
  r.push_back(step("complete",
                   "Deliver the result of a task assigned to you; the budget is paid out (fee "
                   "to the platform, the rest to you)",
                   R"({"type": "object", "additionalProperties": false, "required": ["result"],
                       "properties": {"result": {"description": "Any JSON value: the work delivered."}}})",
                   complete_task));
  r.push_back(
      step("cancel", "Withdraw an open task you posted; its budget comes back", "", cancel_task));
  r.push_back(step("review", "Rate a completed task you posted (once)",
                   R"({"type": "object", "additionalProperties": false, "required": ["rating"],
                       "properties": {"rating": {"type": "integer", "minimum": 1, "maximum": 5},
                                      "comment": {"type": "string", "maxLength": 2000}}})",
                   review_task));
  return r;
}

}  // namespace agentry::api::v1
