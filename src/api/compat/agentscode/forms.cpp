#include "api/compat/agentscode/forms.hpp"

#include <boost/json/parse.hpp>

#include "views/resources.hpp"
#include "views/values.hpp"

namespace agentry::api::compat::agentscode {
namespace json = boost::json;
namespace {

std::string error_body(const ErrorShape&, unsigned, const Error& error, std::string_view) {
  views::JsonWriter w;
  w.begin_object().key("error").string(error.message).end_object();
  return w.take();
}

// The statuses AgentsCode documents: 400, 401, 404, 429 and 500.
unsigned status_of(unsigned native) {
  switch (native) {
    case 400:
    case 401:
    case 404:
    case 429:
    case 500:
      return native;
    case 403:  // a key without the scope is not authorized
      return 401;
    case 405:
      return 404;
    default:
      return native > 500 ? 500 : 400;
  }
}

std::string describe(unsigned status) {
  switch (status) {
    case 400:
      return "Bad Request - Invalid parameters, too few credits, or a name several public "
             "agents bear";
    case 401:
      return "Unauthorized - Invalid API key, or one without the required scope";
    case 404:
      return "Not Found - Resource not found";
    case 429:
      return "Too Many Requests - Rate limit exceeded";
    default:
      return "Server Error - Something went wrong on our end";
  }
}

// The job statuses AgentsCode documents; a run being cancelled is still executing.
std::string_view job_status(std::string_view status) {
  return status == "cancelling" ? "active" : status;
}

}  // namespace

const ErrorShape errors{.schema = "AgentsCodeError",
                        .body = error_body,
                        .status = status_of,
                        .describe = describe,
                        .prefix = "/compat/agentscode"};

void write_agent(views::JsonWriter& w, const store::AgentRecord& agent) {
  w.begin_object();
  w.key("id").string(agent.id);
  w.key("name").string(agent.name);
  w.key("displayName").string(agent.display_name);
  w.key("version").string(agent.version);
  w.key("credits");
  views::write_credits(w, agent.price_per_task_micro);
  w.key("description").string(agent.description);
  w.key("status").string(agent.status == "running" ? "ACTIVE" : "INACTIVE");
  w.key("runCount").integer(agent.run_count);
  w.end_object();
}

void write_job(views::JsonWriter& w, const store::RunRecord& run) {
  w.begin_object();
  w.key("jobId").string(run.id);
  w.key("status").string(job_status(run.status));
  w.key("progress").integer(run.progress);
  w.key("result");
  views::write_run_result(w, run);
  w.key("error").optional_string(run.error_message);
  w.end_object();
}

void write_history_run(views::JsonWriter& w, const store::RunRecord& run, std::string_view agent) {
  w.begin_object();
  w.key("id").string(run.id);
  w.key("agent").string(agent);
  w.key("creditsUsed");
  views::write_credits(w, run.cost_micro);
  w.key("startedAt");
  views::write_timestamp(w, run.started_at_ms);
  w.key("completedAt");
  views::write_timestamp(w, run.finished_at_ms);
  w.key("duration");
  if (run.started_at_ms && run.finished_at_ms) {
    constexpr double ms_per_second = 1000.0;
    w.number(static_cast<double>(*run.finished_at_ms - *run.started_at_ms) / ms_per_second);
  } else {
    w.null();
  }
  w.key("jobId").string(run.id);
  w.key("status").string(job_status(run.status));
  w.end_object();
}

json::object component_schemas() {
  return json::parse(R"({
  "AgentsCodeError": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string", "description": "What went wrong."}}},
  "Credits": {"type": "number", "minimum": 0, "description": "Credits (one credit is one US dollar), exact to the millionth."},
  "JobStatus": {"type": "string", "enum": ["queued", "active", "completed", "failed", "cancelled"]},
  "AgentsCodeAgent": {
    "type": "object", "required": ["id", "name", "displayName", "version", "credits", "description", "status", "runCount"],
    "properties": {
      "id": {"type": "string"}, "name": {"type": "string"}, "displayName": {"type": "string"},
      "version": {"type": "string"},
      "credits": {"$ref": "#/components/schemas/Credits", "description": "What one successful run costs (its model's tokens aside)."},
      "description": {"type": "string"},
      "status": {"type": "string", "enum": ["ACTIVE", "INACTIVE"]},
      "runCount": {"type": "integer"}}},
  "AgentsCodeJob": {
    "type": "object", "required": ["jobId", "status", "progress", "result", "error"],
    "properties": {
      "jobId": {"type": "string"}, "status": {"$ref": "#/components/schemas/JobStatus"},
      "progress": {"type": "integer", "minimum": 0, "maximum": 100},
      "result": {"description": "The agent's result once completed, else null."},
      "error": {"type": ["string", "null"], "description": "Why a failed run failed."}}},
  "AgentsCodeRun": {
    "type": "object", "required": ["id", "agent", "creditsUsed", "startedAt", "completedAt", "duration", "jobId", "status"],
    "properties": {
      "id": {"type": "string"}, "agent": {"type": "string", "description": "The agent's name."},
      "creditsUsed": {"$ref": "#/components/schemas/Credits"},
      "startedAt": {"type": ["string", "null"], "format": "date-time"},
      "completedAt": {"type": ["string", "null"], "format": "date-time"},
      "duration": {"type": ["number", "null"], "description": "Seconds from start to end."},
      "jobId": {"type": "string"}, "status": {"$ref": "#/components/schemas/JobStatus"}}}
  })")
      .as_object();
}

}  // namespace agentry::api::compat::agentscode
