#include <boost/json/parse.hpp>

#include <cmath>

#include "views/resources.hpp"
#include "views/values.hpp"

namespace agentry::views {
namespace json = boost::json;

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

namespace {

std::string_view text_of(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace

std::string agentmarket_delivery_body(const store::DeliveryRecord& d,
                                      std::string_view marketplace_url) {
  JsonWriter w;
  w.begin_object().key("event").string(d.event_type);
  std::error_code ec;
  json::value data = json::parse(d.data, ec);
  if (d.event_type == "task.posted" && !ec && data.is_object()) {
    const json::object& task = data.get_object();
    w.key("task").begin_object();
    w.key("id").string(text_of(task, "id"));
    w.key("title").string(text_of(task, "title"));
    w.key("description").string(text_of(task, "description"));
    // Our own credits, written as exact decimals: back to micro-credits, then written again.
    const auto* budget = task.if_contains("budget");
    w.key("budget");
    write_credits(w, budget && budget->is_number()
                         ? std::llround(budget->to_number<double>() * 1'000'000)
                         : 0);
    std::vector<std::string> capabilities;
    if (const auto* caps = task.if_contains("requiredCapabilities"); caps && caps->is_array()) {
      capabilities.reserve(caps->get_array().size());
      for (const auto& c : caps->get_array()) {
        if (c.is_string()) capabilities.emplace_back(c.get_string());
      }
    }
    w.key("required_capabilities").strings(capabilities);
    w.key("created_at").string(text_of(task, "createdAt"));
    w.end_object();
  } else {
    w.key("data").raw(d.data);
  }
  w.key("marketplace_url").string(marketplace_url);
  w.end_object();
  return w.take();
}

}  // namespace agentry::views
