#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Webhook endpoints and their deliveries as the store keeps them.
namespace agentry::store {

struct WebhookRecord {
  std::string id;  // whk_
  std::string account_id;
  std::string url;
  std::vector<std::string> event_types;  // patterns: a type, "prefix.*" or "*"
  std::optional<std::string> agent_id;   // only events about this agent (and its task feed)
  std::string description;
  std::string status;  // enabled | disabled
  std::optional<std::string> disabled_reason;
  std::string secret_sealed;
  std::optional<std::string> previous_secret_sealed;  // still signing until previous_until_ms
  std::optional<std::int64_t> previous_until_ms;
  std::optional<std::int64_t> failing_since_ms;  // the first failure since the last success
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  // How its deliveries are written and signed: standard (Standard Webhooks) | agentmarket
  // (AgentMarket's task.posted body, X-AgentMarket-Signature).
  std::string format = "standard";
};

// One try of a delivery.
struct AttemptRecord {
  std::int64_t number = 0;  // 1, 2, ...
  std::optional<std::int64_t> status_code;
  std::int64_t latency_ms = 0;
  std::optional<std::string> error;
  std::int64_t created_at_ms = 0;
};

// An event on its way to one endpoint: a webhook's, or a remote agent's (a cancelled run it was
// working on).
struct DeliveryRecord {
  std::string id;  // dlv_: creation order
  std::string account_id;
  std::optional<std::string> webhook_id;
  std::optional<std::string> agent_id;  // a remote agent's endpoint instead of a webhook
  std::string event_id;                 // the receiver's dedupe key (webhook-id)
  std::string event_type;
  std::int64_t event_created_at_ms = 0;
  std::string data;    // JSON text of the event's object
  std::string status;  // pending | succeeded | failed
  std::int64_t attempts = 0;
  std::optional<std::int64_t> next_attempt_at_ms;  // pending: due then (or a claim's lease end)
  std::optional<std::string> last_error;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::vector<AttemptRecord> attempt_log;  // filled by the reads that show attempts
};

}  // namespace agentry::store
