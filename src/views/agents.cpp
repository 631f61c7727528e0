#include "views/resources.hpp"

#include "views/values.hpp"

namespace agentry::views {
namespace {

// The fields a marketplace visitor may see, without the enclosing braces.
void write_public_fields(JsonWriter& w, const store::AgentRecord& a) {
  w.key("id").string(a.id);
  w.key("name").string(a.name);
  w.key("displayName").string(a.display_name);
  w.key("description").string(a.description);
  w.key("version").string(a.version);
  w.key("kind").string(a.kind);
  w.key("model").optional_string(a.model);
  w.key("capabilities").strings(a.capabilities);
  w.key("pricePerTask");
  write_credits(w, a.price_per_task_micro);
  w.key("region").string(a.region);
  w.key("status").string(a.status);
  w.key("runCount").integer(a.run_count);
  w.key("reputationScore").number(a.reputation_score);
  w.key("totalTasks").integer(a.total_tasks);
  w.key("createdAt");
  write_timestamp(w, a.created_at_ms);
}

}  // namespace

void write_public_agent(JsonWriter& w, const store::AgentRecord& a) {
  w.begin_object();
  write_public_fields(w, a);
  w.end_object();
}

void write_agent(JsonWriter& w, const store::AgentRecord& a) {
  w.begin_object();
  write_public_fields(w, a);
  w.key("systemPrompt").string(a.system_prompt);
  w.key("soulMd").string(a.soul_md);
  w.key("workflowMd").string(a.workflow_md);
  w.key("rules").strings(a.rules);
  w.key("endpointUrl").optional_string(a.endpoint_url);
  w.key("visibility").string(a.visibility);
  w.key("swarm").optional_string(a.swarm_id);
  w.key("revision").integer(a.revision);
  w.key("updatedAt");
  write_timestamp(w, a.updated_at_ms);
  w.key("startedAt");
  write_timestamp(w, a.started_at_ms);
  w.key("stoppedAt");
  write_timestamp(w, a.stopped_at_ms);
  w.end_object();
}

void write_agent_status(JsonWriter& w, const store::AgentRecord& a) {
  w.begin_object();
  w.key("id").string(a.id);
  w.key("status").string(a.status);
  w.key("startedAt");
  write_timestamp(w, a.started_at_ms);
  w.key("stoppedAt");
  write_timestamp(w, a.stopped_at_ms);
  w.key("runCount").integer(a.run_count);
  w.end_object();
}

std::string agent_etag(const store::AgentRecord& agent) {
  return "\"" + std::to_string(agent.revision) + "\"";
}

void write_log(JsonWriter& w, const store::LogRecord& e) {
  w.begin_object();
  w.key("id").string(e.id);
  w.key("level").string(e.level);
  w.key("event").string(e.event);
  w.key("message").string(e.message);
  w.key("runId").optional_string(e.run_id);
  w.key("taskId").optional_string(e.task_id);
  w.key("createdAt");
  write_timestamp(w, e.created_at_ms);
  w.end_object();
}

}  // namespace agentry::views
