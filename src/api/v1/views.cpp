#include "api/v1/views.hpp"

#include "api/reply.hpp"

namespace agentry::api::v1 {
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

void write_plan(JsonWriter& w, const Plan& plan) {
  w.begin_object();
  w.key("id").string(plan.id);
  w.key("name").string(plan.display_name);
  w.key("priceCentsPerMonth").integer(plan.price_cents_per_month);
  w.key("monthlyCredits");
  write_credits(w, plan.monthly_credits_micro);
  w.key("requestsPerMinute").integer(plan.requests_per_minute);
  w.key("requestsPerHour").optional_integer(plan.requests_per_hour);
  w.key("tokensPerMinute").integer(plan.tokens_per_minute);
  w.key("maxApiKeys").optional_integer(plan.max_api_keys);
  w.key("volumeDiscountPercent").integer(plan.volume_discount_percent);
  w.key("features").strings(plan.features);
  w.end_object();
}

void write_account(JsonWriter& w, const store::AccountRecord& account, const Plan* plan,
                   const accounts::Usage* usage) {
  w.begin_object();
  w.key("id").string(account.id);
  w.key("name").string(account.name);
  w.key("email").optional_string(account.email);
  w.key("plan").string(account.plan);
  w.key("role").string(account.is_admin ? "admin" : "member");
  w.key("createdAt");
  write_timestamp(w, account.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, account.updated_at_ms);
  if (plan) {
    w.key("limits");
    write_plan(w, *plan);
  }
  if (usage) {
    w.key("usage").begin_object();
    w.key("agents").integer(usage->agents).key("apiKeys").integer(usage->api_keys);
    w.end_object();
  }
  w.end_object();
}

void write_api_key(JsonWriter& w, const store::ApiKeyRecord& key,
                   const std::optional<std::string>& secret) {
  w.begin_object();
  w.key("id").string(key.id);
  w.key("name").string(key.name);
  w.key("prefix").string(key.prefix);
  w.key("scopes").strings(key.scopes);
  w.key("createdAt");
  write_timestamp(w, key.created_at_ms);
  w.key("expiresAt");
  write_timestamp(w, key.expires_at_ms);
  w.key("lastUsedAt");
  write_timestamp(w, key.last_used_at_ms);
  w.key("revokedAt");
  write_timestamp(w, key.revoked_at_ms);
  if (secret) w.key("key").string(*secret);
  w.end_object();
}

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

}  // namespace agentry::api::v1
