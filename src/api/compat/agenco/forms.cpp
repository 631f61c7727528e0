#include "api/compat/agenco/forms.hpp"

#include <boost/json/parse.hpp>

#include "core/clock.hpp"
#include "runtime/run_prompt.hpp"
#include "views/resources.hpp"
#include "views/values.hpp"

namespace agentry::api::compat::agenco {
namespace json = boost::json;
namespace {

std::string error_body(const ErrorShape&, unsigned, const Error& error, std::string_view) {
  // Agenco's table names one code for any limit of the plan, requests or tokens per minute.
  const bool limited =
      error.code == Errc::rate_limit_exceeded || error.code == Errc::token_limit_exceeded;
  views::JsonWriter w;
  w.begin_object().key("error").begin_object();
  w.key("code").string(limited ? std::string_view("rate_limit_exceeded") : errc_code(error.code));
  w.key("message").string(limited ? std::string_view("Rate limit exceeded. Please slow down.")
                                  : std::string_view(error.message));
  w.end_object().end_object();
  return w.take();
}

std::string describe(unsigned status) {
  switch (status) {
    case 400:
      return "validation_error (a field or query parameter) or bad_request";
    case 401:
      return "missing_api_key (no API key provided) or invalid_api_key (invalid or revoked)";
    case 402:
      return "insufficient_credits: the balance does not cover the task";
    case 403:
      return "insufficient_scope: the API key lacks the required permission";
    case 404:
      return "not_found: the requested resource does not exist";
    case 409:
      return "conflict: several public agents bear the name (name it by id), or an "
             "Idempotency-Key in use";
    case 422:
      return "idempotency_key_reused";
    case 429:
      return "rate_limit_exceeded: too many requests or tokens per minute";
    default:
      return "internal_error or unavailable";
  }
}

void write_day(views::JsonWriter& w, std::int64_t day_ms) {
  w.string(format_rfc3339(day_ms).substr(0, 10));
}

}  // namespace

const ErrorShape errors{.schema = "AgencoError",
                        .body = error_body,
                        .describe = describe,
                        .reset = ResetForm::iso8601,
                        .prefix = "/compat/agenco"};

void write_agent(views::JsonWriter& w, const store::AgentRecord& agent,
                 const std::string& account_id, const pricing::ModelPrice* price) {
  w.begin_object();
  w.key("id").string(agent.id);
  w.key("name").string(agent.name);
  w.key("display_name").string(agent.display_name);
  w.key("description").string(agent.description);
  w.key("version").string(agent.version);
  w.key("type").string(agent.kind);
  w.key("model").optional_string(agent.model);
  w.key("capabilities").strings(agent.capabilities);
  w.key("pricing");
  if (price != nullptr) {
    w.begin_object().key("model").string(price->model);
    w.key("input_per_million_tokens");
    views::write_credits(w, price->input_per_million);
    w.key("output_per_million_tokens");
    views::write_credits(w, price->output_per_million);
    w.key("context_tokens").integer(price->context_tokens).end_object();
  } else {
    w.null();
  }
  w.key("price_per_task");
  views::write_credits(w, agent.price_per_task_micro);
  w.key("status").string(agent.status);
  w.key("visibility").string(agent.visibility);
  w.key("owned").boolean(agent.account_id == account_id);
  w.key("run_count").integer(agent.run_count);
  w.key("created_at");
  views::write_timestamp(w, agent.created_at_ms);
  w.end_object();
}

void write_task(views::JsonWriter& w, const store::RunRecord& run) {
  w.begin_object();
  w.key("id").string(run.id);
  w.key("agent_id").string(run.agent_id);
  w.key("description").string(runtime::input_text_of(run.input));
  w.key("priority").string(run.priority > 0 ? "high" : run.priority < 0 ? "low" : "normal");
  w.key("status").string(run.status);
  w.key("progress").integer(run.progress);
  w.key("result");
  views::write_run_result(w, run);
  w.key("error");
  views::write_run_error(w, run);
  w.key("usage").begin_object();
  w.key("input_tokens").integer(run.input_tokens);
  w.key("output_tokens").integer(run.output_tokens);
  w.key("total_tokens").integer(run.input_tokens + run.output_tokens).end_object();
  w.key("model").optional_string(run.model);
  w.key("cost");
  views::write_credits(w, run.cost_micro);
  w.key("created_at");
  views::write_timestamp(w, run.created_at_ms);
  w.key("started_at");
  views::write_timestamp(w, run.started_at_ms);
  w.key("completed_at");
  views::write_timestamp(w, run.finished_at_ms);
  w.end_object();
}

void write_usage(views::JsonWriter& w, std::int64_t from_day_ms, std::int64_t to_day_ms,
                 const usage::Report& report) {
  auto amounts = [&w](const store::UsageAmounts& a) {
    w.key("requests").integer(a.requests);
    w.key("input_tokens").integer(a.input_tokens);
    w.key("output_tokens").integer(a.output_tokens);
    w.key("total_tokens").integer(a.input_tokens + a.output_tokens);
    w.key("credits_spent");
    views::write_credits(w, a.spent_micro);
    w.key("credits_earned");
    views::write_credits(w, a.earned_micro);
  };
  w.begin_object().key("period").begin_object().key("from");
  write_day(w, from_day_ms);
  w.key("to");
  write_day(w, to_day_ms);
  w.end_object();
  amounts(report.total);
  w.key("daily").begin_array();
  for (const usage::Day& day : report.days) {
    w.begin_object().key("date").string(day.day);
    amounts(day.amounts);
    w.end_object();
  }
  w.end_array().end_object();
}

json::object component_schemas() {
  return json::parse(R"({
  "AgencoError": {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"],
      "properties": {
        "code": {"type": "string", "description": "missing_api_key, invalid_api_key, insufficient_scope, rate_limit_exceeded, insufficient_credits, not_found, validation_error, ..."},
        "message": {"type": "string"}}}}},
  "Credits": {"type": "number", "minimum": 0, "description": "US dollars (one credit is one dollar), exact to the millionth."},
  "AgencoAgent": {
    "type": "object",
    "required": ["id", "name", "display_name", "description", "version", "type", "model", "capabilities", "pricing", "price_per_task", "status", "visibility", "owned", "run_count", "created_at"],
    "properties": {
      "id": {"type": "string"}, "name": {"type": "string"}, "display_name": {"type": "string"},
      "description": {"type": "string"}, "version": {"type": "string"},
      "type": {"type": "string", "enum": ["hosted", "remote"]},
      "model": {"type": ["string", "null"]},
      "capabilities": {"type": "array", "items": {"type": "string"}},
      "pricing": {"description": "Token-based pricing of the agent's model, per million tokens (input + output are charged); null for a remote agent.",
        "oneOf": [{"type": "null"}, {"type": "object", "required": ["model", "input_per_million_tokens", "output_per_million_tokens", "context_tokens"],
          "properties": {"model": {"type": "string"}, "input_per_million_tokens": {"$ref": "#/components/schemas/Credits"},
            "output_per_million_tokens": {"$ref": "#/components/schemas/Credits"}, "context_tokens": {"type": "integer"}}}]},
      "price_per_task": {"$ref": "#/components/schemas/Credits"},
      "status": {"type": "string", "enum": ["running", "stopped"]},
      "visibility": {"type": "string", "enum": ["private", "public"]},
      "owned": {"type": "boolean", "description": "The caller's own agent (else a public one)."},
      "run_count": {"type": "integer"},
      "created_at": {"type": "string", "format": "date-time"}}},
  "AgencoTask": {
    "type": "object",
    "required": ["id", "agent_id", "description", "priority", "status", "progress", "result", "error", "usage", "model", "cost", "created_at", "started_at", "completed_at"],
    "properties": {
      "id": {"type": "string"}, "agent_id": {"type": "string"}, "description": {"type": "string"},
      "priority": {"type": "string", "enum": ["low", "normal", "high"]},
      "status": {"type": "string", "enum": ["queued", "active", "cancelling", "completed", "failed", "cancelled"]},
      "progress": {"type": "integer", "minimum": 0, "maximum": 100},
      "result": {"description": "The agent's result once completed, else null."},
      "error": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}]},
      "usage": {"type": "object", "required": ["input_tokens", "output_tokens", "total_tokens"],
        "properties": {"input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"}}},
      "model": {"type": ["string", "null"]},
      "cost": {"$ref": "#/components/schemas/Credits"},
      "created_at": {"type": "string", "format": "date-time"},
      "started_at": {"type": ["string", "null"], "format": "date-time"},
      "completed_at": {"type": ["string", "null"], "format": "date-time"}}},
  "AgencoUsageAmounts": {
    "type": "object",
    "required": ["requests", "input_tokens", "output_tokens", "total_tokens", "credits_spent", "credits_earned"],
    "properties": {"requests": {"type": "integer"}, "input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"},
      "total_tokens": {"type": "integer"}, "credits_spent": {"$ref": "#/components/schemas/Credits"}, "credits_earned": {"$ref": "#/components/schemas/Credits"}}},
  "AgencoUsageDay": {"allOf": [{"$ref": "#/components/schemas/AgencoUsageAmounts"},
    {"type": "object", "required": ["date"], "properties": {"date": {"type": "string", "format": "date"}}}]},
  "AgencoUsage": {"allOf": [{"$ref": "#/components/schemas/AgencoUsageAmounts"},
    {"type": "object", "required": ["period", "daily"], "properties": {
      "period": {"type": "object", "required": ["from", "to"], "properties": {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}}},
      "daily": {"type": "array", "items": {"$ref": "#/components/schemas/AgencoUsageDay"}}}}]}
  })")
      .as_object();
}

}  // namespace agentry::api::compat::agenco
