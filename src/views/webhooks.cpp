#include "views/resources.hpp"
#include "views/values.hpp"

namespace agentry::views {

void write_webhook(JsonWriter& w, const store::WebhookRecord& hook,
                   const std::optional<std::string>& secret) {
  w.begin_object();
  w.key("id").string(hook.id);
  w.key("url").string(hook.url);
  w.key("eventTypes").strings(hook.event_types);
  w.key("agentId").optional_string(hook.agent_id);
  w.key("description").string(hook.description);
  w.key("status").string(hook.status);
  w.key("disabledReason").optional_string(hook.disabled_reason);
  w.key("failingSince");
  write_timestamp(w, hook.failing_since_ms);
  w.key("previousSecretExpiresAt");
  write_timestamp(w, hook.previous_secret_sealed ? hook.previous_until_ms : std::nullopt);
  if (secret) w.key("secret").string(*secret);
  w.key("createdAt");
  write_timestamp(w, hook.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, hook.updated_at_ms);
  w.end_object();
}

void write_delivery(JsonWriter& w, const store::DeliveryRecord& d) {
  w.begin_object();
  w.key("id").string(d.id);
  w.key("webhookId").optional_string(d.webhook_id);
  w.key("eventId").string(d.event_id);
  w.key("eventType").string(d.event_type);
  w.key("status").string(d.status);
  w.key("attemptCount").integer(d.attempts);
  w.key("nextAttemptAt");
  write_timestamp(w, d.status == "pending" ? d.next_attempt_at_ms : std::nullopt);
  w.key("lastError").optional_string(d.last_error);
  w.key("attempts").begin_array();
  for (const store::AttemptRecord& a : d.attempt_log) {
    w.begin_object();
    w.key("number").integer(a.number);
    w.key("statusCode").optional_integer(a.status_code);
    w.key("latencyMs").integer(a.latency_ms);
    w.key("error").optional_string(a.error);
    w.key("at");
    write_timestamp(w, a.created_at_ms);
    w.end_object();
  }
  w.end_array();
  w.key("createdAt");
  write_timestamp(w, d.created_at_ms);
  w.end_object();
}

std::string delivery_body(const store::DeliveryRecord& d) {
  JsonWriter w;
  write_event(w, {.id = d.event_id,
                  .account_id = d.account_id,
                  .type = d.event_type,
                  .data = d.data,
                  .created_at_ms = d.event_created_at_ms});
  return w.take();
}

}  // namespace agentry::views
