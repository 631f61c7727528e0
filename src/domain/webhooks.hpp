#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/events.hpp"
#include "domain/plans.hpp"
#include "domain/secrets.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "store/webhook_records.hpp"

// Webhooks: endpoints that receive an account's events, signed with Standard Webhooks. Each
// delivery is written in the transaction of its event (the outbox), then sent by the delivery
// worker at least once: webhook-id is the event's id, the receiver's dedupe key.
namespace agentry::webhooks {

// The plan feature that webhooks need.
inline constexpr std::string_view feature = "webhooks";
inline constexpr std::int64_t max_per_account = 20;
inline constexpr std::size_t max_event_types = 32;
inline constexpr std::size_t max_url_chars = 2048;
inline constexpr std::size_t max_description_chars = 500;

constexpr std::int64_t ms_per_minute = 60'000;
constexpr std::int64_t ms_per_hour = 60 * ms_per_minute;
// The wait before each retry of a failed delivery: 11 tries over about three days.
inline constexpr std::array<std::int64_t, 10> retry_after_ms = {
    5'000,           30'000,          2 * ms_per_minute, 10 * ms_per_minute, 30 * ms_per_minute,
    2 * ms_per_hour, 5 * ms_per_hour, 10 * ms_per_hour,  10 * ms_per_hour,   24 * ms_per_hour};
// An endpoint whose deliveries have failed, without a success, for this long is disabled.
inline constexpr std::int64_t disable_after_failing_ms = ms_per_hour * 24 * 5;
// After a rotation the old secret keeps signing beside the new one for this long.
inline constexpr std::int64_t previous_secret_ms = ms_per_hour * 24;
// How long a delivery (and its attempts) is kept once it has ended.
inline constexpr std::int64_t delivery_retention_ms = ms_per_hour * 24 * 30;
// The type of the event POST /v1/webhooks/{id}/test sends; it is not an account event.
inline constexpr std::string_view test_event_type = "webhook.test";

// 403 forbidden, naming the plan, unless `plan` has the webhooks feature.
Result<void> allowed(const plans::Plan& plan);

// Fields a caller sets on create or changes on update; empty means "not given".
struct Draft {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> event_types;
  std::optional<std::string> agent_id;  // "" clears it
  std::optional<std::string> description;
  std::optional<bool> enabled;
  // Set by the server: accept http:// URLs on loopback hosts (the development switch).
  bool allow_loopback_http = false;
  std::string format = "standard";  // on create: how deliveries are written (WebhookRecord)
};

// An endpoint and its signing secret, shown once.
struct Created {
  store::WebhookRecord webhook;
  std::string secret;
};

// Registers an endpoint, enabled. Errors: validation_error (url not https, or not http on
// loopback with the switch; an event type pattern not in the catalog; none given),
// not_found (agentId is not the account's agent), limit_reached (max_per_account).
Result<Created> create(store::Tx& tx, const secrets::Vault& vault, const std::string& account_id,
                       const Draft& draft, std::int64_t now_ms);
// Changes an endpoint; enabling a disabled one starts its failure clock afresh. Errors:
// not_found, validation_error.
Result<store::WebhookRecord> update(store::Tx& tx, const std::string& account_id,
                                    const std::string& id, const Draft& draft, std::int64_t now_ms);
// Deletes an endpoint with its deliveries. Errors: not_found.
Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id);
// A new secret signs from now on; the old one signs beside it for previous_secret_ms. Errors:
// not_found.
Result<Created> rotate_secret(store::Tx& tx, const secrets::Vault& vault,
                              const std::string& account_id, const std::string& id,
                              std::int64_t now_ms);
// Queues a webhook.test event to the endpoint, enabled or not. Errors: not_found.
Result<store::DeliveryRecord> send_test(store::Tx& tx, const std::string& account_id,
                                        const std::string& id, std::int64_t now_ms);
// Queues the event of delivery `delivery_id` to the endpoint again, as a new delivery with the
// same webhook-id. Errors: not_found (no such endpoint or delivery), conflict (the endpoint is
// disabled).
Result<store::DeliveryRecord> redeliver(store::Tx& tx, const std::string& account_id,
                                        const std::string& id, const std::string& delivery_id,
                                        std::int64_t now_ms);

// An agent's feed: the one endpoint in `format` scoped to the agent `agent_id` of `account_id`
// that receives task.posted of the tasks its capabilities match (AgentMarket's webhook_url).

// The feed's endpoint, enabled or not; nullopt when it has none.
std::optional<store::WebhookRecord> agent_feed(store::Tx& tx, const std::string& account_id,
                                               const std::string& agent_id,
                                               std::string_view format);
// Points the feed at `url` (enabled again), creating the endpoint when the agent has none: its
// secret is then in the answer, the only time it is shown. Errors: as create and update.
Result<Created> set_agent_feed(store::Tx& tx, const secrets::Vault& vault,
                               const std::string& account_id, const std::string& agent_id,
                               const Draft& draft, std::int64_t now_ms);

// Reads, for the account `account_id` only. Errors: not_found.
Result<store::WebhookRecord> get(store::Tx& tx, const std::string& account_id,
                                 const std::string& id);
store::PageOf<store::WebhookRecord> list(store::Tx& tx, const std::string& account_id,
                                         store::Page page);
// The endpoint's deliveries with their attempts, newest first.
Result<std::vector<store::DeliveryRecord>> deliveries(store::Tx& tx, const std::string& account_id,
                                                      const std::string& id,
                                                      const std::optional<std::string>& before_id,
                                                      std::int64_t limit);

// The outbox. `event` was just written about `object`: a delivery to every enabled endpoint of
// its account whose patterns match it and whose agent (if any) is the event's; for task.posted
// of an open task, also to other accounts' endpoints scoped to an agent with a capability the
// task requires (the marketplace feed).
void fan_out(store::Tx& tx, const store::EventRecord& event, const events::Object& object);
// The remote agent `agent_id` (of `owner_id`) is told of `event` at its endpoint, signed with
// its signing secret: a run it accepted was cancelled.
void notify_agent(store::Tx& tx, const std::string& owner_id, const std::string& agent_id,
                  const store::EventRecord& event);

// The delivery worker's side.

// Takes up to `limit` due deliveries until `lease_until_ms`, oldest due first, at most
// `slots(target)` for each endpoint (a webhook's or an agent's id).
std::vector<store::DeliveryRecord> claim(
    store::Tx& tx, std::int64_t limit, const std::function<std::int64_t(const std::string&)>& slots,
    std::int64_t lease_until_ms, std::int64_t now_ms);

// Where and how a claimed delivery is sent.
struct Target {
  std::string url;
  std::vector<std::string> secrets;  // each signs: the current one first
  bool allow_loopback_http = false;  // the URL was accepted under the development switch
  std::string format = "standard";   // the endpoint's (WebhookRecord::format)
};
// The target of `delivery`, or nullopt when it can no longer be sent (the endpoint or agent is
// gone or disabled): the delivery then ends failed. Writes an agent's signing secret the first
// time one is needed.
std::optional<Target> target_of(store::Tx& tx, const secrets::Vault& vault,
                                const store::DeliveryRecord& delivery, std::int64_t now_ms);

// How one try went: the status the endpoint answered, or the error that kept it from answering.
struct Try {
  std::optional<std::int64_t> status_code;
  std::int64_t latency_ms = 0;
  std::optional<std::string> error;
};
// When a failed delivery is tried again: retry_after_ms, stretched by `jitter_permille` (0–1000)
// so that many failures do not come back at once, and scaled by `scale_ppm` (parts per million;
// below a million only in tests, which cannot wait hours).
struct Backoff {
  std::int64_t jitter_permille = 0;
  std::int64_t scale_ppm = 1'000'000;
};
// Records a try of a claimed delivery: 2xx succeeds; 410 Gone fails it and disables the
// endpoint; anything else retries on the backoff schedule until it ends, and an endpoint failing
// for disable_after_failing_ms (scaled alike) is disabled. A disabled endpoint emits
// webhook.disabled and fails its pending deliveries. The delivery as recorded.
store::DeliveryRecord record(store::Tx& tx, const store::DeliveryRecord& claimed, const Try& result,
                             const Backoff& backoff, std::int64_t now_ms);

// Makes every claimed delivery due again: a single node's start (SQLite), when none is in flight.
std::int64_t release_claims(store::Tx& tx);

// Removes up to `limit` ended deliveries created before `before_ms`; how many.
std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::webhooks
