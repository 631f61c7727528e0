#include "api/v1/views.hpp"

#include <boost/json/array.hpp>

#include "api/reply.hpp"

namespace agentry::api::v1 {
namespace json = boost::json;
namespace {

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

json::value optional_int(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

json::object plan_json(const Plan& plan) {
  return {{"id", plan.id},
          {"name", plan.display_name},
          {"priceCentsPerMonth", plan.price_cents_per_month},
          {"monthlyCredits", credits(plan.monthly_credits_micro)},
          {"requestsPerMinute", plan.requests_per_minute},
          {"requestsPerHour", optional_int(plan.requests_per_hour)},
          {"tokensPerMinute", plan.tokens_per_minute},
          {"maxApiKeys", optional_int(plan.max_api_keys)},
          {"volumeDiscountPercent", plan.volume_discount_percent},
          {"features", strings(plan.features)}};
}

json::object account_json(const store::AccountRecord& account, const Plan* plan) {
  json::object o{{"id", account.id},
                 {"name", account.name},
                 {"email", account.email ? json::value(*account.email) : json::value(nullptr)},
                 {"plan", account.plan},
                 {"role", account.is_admin ? "admin" : "member"},
                 {"createdAt", timestamp(account.created_at_ms)},
                 {"updatedAt", timestamp(account.updated_at_ms)}};
  if (plan) o["limits"] = plan_json(*plan);
  return o;
}

json::object api_key_json(const store::ApiKeyRecord& key,
                          const std::optional<std::string>& secret) {
  json::object o{{"id", key.id},
                 {"name", key.name},
                 {"prefix", key.prefix},
                 {"scopes", strings(key.scopes)},
                 {"createdAt", timestamp(key.created_at_ms)},
                 {"expiresAt", timestamp(key.expires_at_ms)},
                 {"lastUsedAt", timestamp(key.last_used_at_ms)},
                 {"revokedAt", timestamp(key.revoked_at_ms)}};
  if (secret) o["key"] = *secret;
  return o;
}

json::object public_agent_json(const store::AgentRecord& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"displayName", a.display_name},
          {"description", a.description},
          {"version", a.version},
          {"kind", a.kind},
          {"model", a.model ? json::value(*a.model) : json::value(nullptr)},
          {"capabilities", strings(a.capabilities)},
          {"pricePerTask", credits(a.price_per_task_micro)},
          {"region", a.region},
          {"status", a.status},
          {"runCount", a.run_count},
          {"reputationScore", a.reputation_score},
          {"totalTasks", a.total_tasks},
          {"createdAt", timestamp(a.created_at_ms)}};
}

json::object agent_json(const store::AgentRecord& a) {
  json::object o = public_agent_json(a);
  o["systemPrompt"] = a.system_prompt;
  o["soulMd"] = a.soul_md;
  o["workflowMd"] = a.workflow_md;
  o["rules"] = strings(a.rules);
  o["endpointUrl"] = a.endpoint_url ? json::value(*a.endpoint_url) : json::value(nullptr);
  o["visibility"] = a.visibility;
  o["revision"] = a.revision;
  o["updatedAt"] = timestamp(a.updated_at_ms);
  o["startedAt"] = timestamp(a.started_at_ms);
  o["stoppedAt"] = timestamp(a.stopped_at_ms);
  return o;
}

std::string agent_etag(const store::AgentRecord& agent) {
  return "\"" + std::to_string(agent.revision) + "\"";
}

}  // namespace agentry::api::v1
