#include "views/resources.hpp"

#include "domain/agents.hpp"
#include "views/values.hpp"

namespace agentry::views {

void write_plan(JsonWriter& w, const plans::Plan& plan) {
  w.begin_object();
  w.key("id").string(plan.id);
  w.key("name").string(plan.display_name);
  w.key("priceCentsPerMonth").integer(plan.price_cents_per_month);
  w.key("monthlyCredits");
  write_credits(w, plan.monthly_credits_micro);
  w.key("requestsPerMinute").integer(plan.requests_per_minute);
  w.key("requestsPerHour").optional_integer(plan.requests_per_hour);
  w.key("rateLimitPer").string(plan.limit_per_key ? "key" : "account");
  w.key("tokensPerMinute").integer(plan.tokens_per_minute);
  w.key("maxApiKeys").optional_integer(plan.max_api_keys);
  w.key("maxAgents").optional_integer(plan.max_agents);
  w.key("maxRunningAgents").optional_integer(plan.max_running_agents);
  w.key("maxKnowledgeEntries").optional_integer(plan.max_knowledge_entries);
  w.key("maxKnowledgeBytes").optional_integer(plan.max_knowledge_bytes);
  w.key("maxStreams").integer(plan.max_streams);
  w.key("volumeDiscountPercent").integer(plan.volume_discount_percent);
  w.key("features").strings(plan.features);
  w.end_object();
}

void write_account(JsonWriter& w, const store::AccountRecord& account, const plans::Plan* plan,
                   const accounts::Overview* own) {
  w.begin_object();
  w.key("id").string(account.id);
  w.key("name").string(account.name);
  w.key("handle").string(account.handle);
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
  if (own) {
    w.key("usage").begin_object();
    w.key("agents").integer(own->usage.agents).key("apiKeys").integer(own->usage.api_keys);
    w.end_object();
    w.key("lowBalanceThreshold");
    if (own->low_balance_threshold_micro > 0) {
      write_credits(w, own->low_balance_threshold_micro);
    } else {
      w.null();
    }
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
  w.key("agentId").optional_string(key.agent_id);
  if (secret) w.key("key").string(*secret);
  w.end_object();
}

void write_secret(JsonWriter& w, const store::SecretRecord& s) {
  w.begin_object().key("name").string(s.name);
  w.key("createdAt");
  write_timestamp(w, s.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, s.updated_at_ms);
  w.end_object();
}

void write_model_price(JsonWriter& w, const pricing::ModelPrice& price) {
  w.begin_object().key("model").string(price.model).key("inputPerMillion");
  write_credits(w, price.input_per_million);
  w.key("outputPerMillion");
  write_credits(w, price.output_per_million);
  w.key("contextTokens").integer(price.context_tokens);
  w.key("default").boolean(price.model == agents::default_model).end_object();
}

}  // namespace agentry::views
