#include "api/compat/agentmarket/forms.hpp"

#include <boost/json/parse.hpp>

#include "views/values.hpp"

namespace agentry::api::compat::agentmarket {
namespace json = boost::json;
namespace {

std::string error_body(const ErrorShape&, unsigned, const Error& error, std::string_view) {
  views::JsonWriter w;
  w.begin_object().key("success").boolean(false);
  w.key("error").string(error.message).end_object();
  return w.take();
}

std::string describe(unsigned status) {
  switch (status) {
    case 400:
      return "A field or query parameter is invalid, or the key's account has several agents "
             "and the call names none (agent_id)";
    case 401:
      return "No X-API-Key, or one that is invalid or revoked";
    case 402:
      return "The balance does not cover the budget";
    case 403:
      return "Not allowed: the key lacks the permission, registration is closed, the task is "
             "your own, or the plan has no webhooks";
    case 404:
      return "No such agent or task";
    case 409:
      return "The task is not in a state that allows it (already assigned, completed, ...)";
    case 429:
      return "Too many requests: retry after the X-RateLimit-Reset time";
    default:
      return "Something went wrong on the server";
  }
}

// The text of a run's result for the hirer: a hosted agent's output, else the JSON itself.
void write_result(views::JsonWriter& w, const std::optional<std::string>& result) {
  if (!result) {
    w.null();
    return;
  }
  std::error_code ec;
  json::value v = json::parse(*result, ec);
  if (!ec && v.is_object()) {
    if (const auto* output = v.get_object().if_contains("output"); output && output->is_string()) {
      w.string(output->get_string());
      return;
    }
  }
  if (!ec && v.is_string()) {
    w.string(v.get_string());
    return;
  }
  w.raw(*result);
}

}  // namespace

const ErrorShape errors{.schema = "AgentMarketError",
                        .body = error_body,
                        .describe = describe,
                        .prefix = "/compat/agentmarket",
                        .limit_open_routes = true};

std::string answer_text(std::string_view data_json, std::optional<std::int64_t> balance_micro) {
  views::JsonWriter w;
  w.begin_object().key("success").boolean(true).key("data").raw(data_json);
  if (balance_micro) {
    w.key("balance");
    views::write_credits(w, *balance_micro);
  }
  w.end_object();
  return w.take();
}

namespace {

void write_profile_fields(views::JsonWriter& w, const store::AgentRecord& agent) {
  w.key("id").string(agent.id);
  w.key("name").string(agent.name);
  w.key("description").string(agent.description);
  w.key("capabilities").strings(agent.capabilities);
  w.key("price_per_task");
  views::write_credits(w, agent.price_per_task_micro);
  w.key("reputation_score").number(agent.reputation_score);
  w.key("total_tasks").integer(agent.total_tasks);
  w.key("status").string(agent.status);
  w.key("created_at");
  views::write_timestamp(w, agent.created_at_ms);
}

}  // namespace

void write_profile(views::JsonWriter& w, const store::AgentRecord& agent) {
  w.begin_object();
  write_profile_fields(w, agent);
  w.end_object();
}

void write_own_profile(views::JsonWriter& w, const store::AgentRecord& agent,
                       const std::optional<std::string>& owner_email,
                       const std::optional<store::WebhookRecord>& feed) {
  w.begin_object();
  write_profile_fields(w, agent);
  w.key("endpoint_url").optional_string(agent.endpoint_url);
  w.key("system_prompt").string(agent.system_prompt);
  w.key("owner_email").optional_string(owner_email);
  w.key("webhook_url");
  if (feed) {
    w.string(masked_url(feed->url));
  } else {
    w.null();
  }
  w.end_object();
}

void write_task(views::JsonWriter& w, const store::TaskRecord& task, const std::string& viewer) {
  const bool party =
      !viewer.empty() && (task.account_id == viewer || task.assignee_account_id == viewer);
  w.begin_object();
  w.key("id").string(task.id);
  w.key("title").string(task.title);
  w.key("description").string(task.description);
  w.key("budget");
  views::write_credits(w, task.budget_micro);
  w.key("required_capabilities").strings(task.required_capabilities);
  w.key("status").string(task.status);
  w.key("posted_by").string(task.account_id);
  w.key("assigned_to").optional_string(task.agent_id);
  w.key("result");
  write_result(w, party ? task.result : std::nullopt);
  w.key("created_at");
  views::write_timestamp(w, task.created_at_ms);
  w.key("completed_at");
  views::write_timestamp(w, task.status == "completed" ? task.closed_at_ms : std::nullopt);
  w.end_object();
}

void write_execution(views::JsonWriter& w, const store::RunRecord& run) {
  w.begin_object();
  w.key("task_id").string(run.id);
  w.key("agent_id").string(run.agent_id);
  w.key("status").string(run.status);
  w.key("result");
  write_result(w, run.result);
  w.key("error").optional_string(run.error_message);
  w.key("cost");
  views::write_credits(w, run.cost_micro);
  w.end_object();
}

std::string masked_url(std::string_view url) {
  constexpr std::size_t shown = 10;
  return "..." + std::string(url.size() > shown ? url.substr(url.size() - shown) : url);
}

json::object component_schemas() {
  return json::parse(R"({
  "AgentMarketError": {
    "type": "object", "required": ["success", "error"], "additionalProperties": false,
    "properties": {"success": {"const": false}, "error": {"type": "string"}}},
  "Credits": {"type": "number", "minimum": 0, "description": "Credits, exact to the millionth."},
  "AgentMarketProfile": {
    "type": "object",
    "required": ["id", "name", "description", "capabilities", "price_per_task", "reputation_score", "total_tasks", "status", "created_at"],
    "properties": {
      "id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
      "capabilities": {"type": "array", "items": {"type": "string"}},
      "price_per_task": {"$ref": "#/components/schemas/Credits"},
      "reputation_score": {"type": "number", "description": "The mean of its reviews (1-5); 0 before the first."},
      "total_tasks": {"type": "integer", "description": "Marketplace tasks it has completed."},
      "status": {"type": "string", "enum": ["running", "stopped"]},
      "created_at": {"type": "string", "format": "date-time"},
      "endpoint_url": {"type": ["string", "null"], "description": "Own profile only: where it is called to execute."},
      "system_prompt": {"type": "string", "description": "Own profile only."},
      "owner_email": {"type": ["string", "null"], "description": "Own profile only: its owner's contact."},
      "webhook_url": {"type": ["string", "null"], "description": "Own profile only: the webhook URL, masked."}}},
  "AgentMarketTask": {
    "type": "object",
    "required": ["id", "title", "description", "budget", "required_capabilities", "status", "posted_by", "assigned_to", "result", "created_at", "completed_at"],
    "properties": {
      "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
      "budget": {"$ref": "#/components/schemas/Credits"},
      "required_capabilities": {"type": "array", "items": {"type": "string"}},
      "status": {"type": "string", "enum": ["open", "assigned", "completed", "cancelled", "expired"]},
      "posted_by": {"type": "string", "description": "The poster's account."},
      "assigned_to": {"type": ["string", "null"], "description": "The agent that accepted it."},
      "result": {"description": "The submitted result: shown to the poster and the assignee only."},
      "created_at": {"type": "string", "format": "date-time"},
      "completed_at": {"type": ["string", "null"], "format": "date-time"}}}
})")
      .as_object();
}

}  // namespace agentry::api::compat::agentmarket
