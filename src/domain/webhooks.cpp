#include "domain/webhooks.hpp"

#include <algorithm>
#include <map>

#include "core/ids.hpp"
#include "core/json_escape.hpp"
#include "core/standard_webhooks.hpp"
#include "domain/remote_agents.hpp"
#include "store/queries.hpp"
#include "store/webhook_queries.hpp"

namespace agentry::webhooks {
namespace {

Error absent(const std::string& id) {
  return make_error(Errc::not_found, "no webhook with id " + id);
}

// The secrets of an endpoint are sealed for its account under a name no account secret can have;
// the current and the previous one alike.
std::string sealed_name(const std::string& webhook_id) {
  return "webhook:" + webhook_id;
}

Result<void> apply(store::Tx& tx, store::WebhookRecord& w, const Draft& d, std::int64_t now_ms) {
  if (d.url) {
    if (d.url->size() > max_url_chars) {
      return make_error(Errc::validation_error, "url: at most 2048 characters", "url");
    }
    if (auto ok = remote_agents::check_endpoint_url(*d.url, d.allow_loopback_http, "url"); !ok) {
      return ok.error();
    }
    w.url = *d.url;
  }
  if (d.event_types) {
    if (d.event_types->empty() || d.event_types->size() > max_event_types) {
      return make_error(Errc::validation_error, "eventTypes: 1 to 32 event types", "eventTypes");
    }
    for (const std::string& p : *d.event_types) {
      if (!events::valid_pattern(p)) {
        return make_error(Errc::validation_error,
                          "eventTypes: \"" + p.substr(0, 100) +
                              "\" is not an event type, a prefix such as run.* or *",
                          "eventTypes");
      }
    }
    w.event_types = *d.event_types;
  }
  if (d.agent_id) {
    if (d.agent_id->empty()) {
      w.agent_id.reset();
    } else if (!store::find_agent(tx, w.account_id, *d.agent_id)) {
      return make_error(Errc::not_found, "no agent with id " + *d.agent_id, "agentId");
    } else {
      w.agent_id = *d.agent_id;
    }
  }
  if (d.description) w.description = *d.description;
  if (d.enabled) {
    const bool was_enabled = w.status == "enabled";
    w.status = *d.enabled ? "enabled" : "disabled";
    if (*d.enabled && !was_enabled) {
      w.disabled_reason.reset();
      w.failing_since_ms.reset();
    } else if (!*d.enabled && was_enabled) {
      w.disabled_reason = "disabled by its owner";
    }
  }
  w.updated_at_ms = now_ms;
  return Ok{};
}

store::DeliveryRecord delivery_of(const std::string& account_id, const store::EventRecord& event,
                                  std::int64_t now_ms) {
  return {.id = new_ordered_id("dlv", now_ms),
          .account_id = account_id,
          .event_id = event.id,
          .event_type = event.type,
          .event_created_at_ms = event.created_at_ms,
          .data = event.data,
          .status = "pending",
          .next_attempt_at_ms = now_ms,
          .created_at_ms = now_ms,
          .updated_at_ms = now_ms};
}

void queue(store::Tx& tx, const store::WebhookRecord& w, const store::EventRecord& event) {
  store::DeliveryRecord d = delivery_of(w.account_id, event, event.created_at_ms);
  d.webhook_id = w.id;
  store::insert_delivery(tx, d);
}

// The endpoint turns disabled for `reason`: its pending deliveries end, and the account hears
// of it.
void disable(store::Tx& tx, store::WebhookRecord& w, const std::string& reason,
             std::int64_t now_ms) {
  w.status = "disabled";
  w.disabled_reason = reason;
  w.updated_at_ms = now_ms;
  store::update_webhook(tx, w);
  store::fail_pending_deliveries(tx, w.id, "the endpoint was disabled: " + reason, now_ms);
  events::emit(tx, w.account_id, "webhook.disabled", &w, now_ms);
}

}  // namespace

Result<void> allowed(const plans::Plan& plan) {
  if (std::find(plan.features.begin(), plan.features.end(), feature) != plan.features.end()) {
    return Ok{};
  }
  return make_error(Errc::forbidden, "the " + plan.display_name +
                                         " plan does not include webhooks; upgrade to a "
                                         "plan that does (Pro or Enterprise)");
}

Result<Created> create(store::Tx& tx, const secrets::Vault& vault, const std::string& account_id,
                       const Draft& draft, std::int64_t now_ms) {
  if (!draft.url || !draft.event_types) {
    return make_error(Errc::validation_error, "url and eventTypes are required",
                      draft.url ? "eventTypes" : "url");
  }
  if (store::count_webhooks(tx, account_id) >= max_per_account) {
    return make_error(Errc::limit_reached,
                      "an account has at most " + std::to_string(max_per_account) + " webhooks");
  }
  Created out;
  store::WebhookRecord& w = out.webhook;
  w.id = new_id("whk", now_ms);
  w.account_id = account_id;
  w.status = "enabled";
  w.created_at_ms = now_ms;
  w.format = draft.format;
  if (auto ok = apply(tx, w, draft, now_ms); !ok) return ok.error();
  out.secret = standard_webhooks::new_secret();
  w.secret_sealed = vault.seal(account_id, sealed_name(w.id), out.secret);
  store::insert_webhook(tx, w);
  return out;
}

std::optional<store::WebhookRecord> agent_feed(store::Tx& tx, const std::string& account_id,
                                               const std::string& agent_id,
                                               std::string_view format) {
  return store::find_agent_webhook(tx, account_id, agent_id, format);
}

Result<Created> set_agent_feed(store::Tx& tx, const secrets::Vault& vault,
                               const std::string& account_id, const std::string& agent_id,
                               const Draft& draft, std::int64_t now_ms) {
  Draft feed = draft;
  feed.agent_id = agent_id;
  feed.event_types = std::vector<std::string>{"task.posted"};
  feed.enabled = true;
  auto existing = agent_feed(tx, account_id, agent_id, draft.format);
  if (!existing) return create(tx, vault, account_id, feed, now_ms);
  auto changed = update(tx, account_id, existing->id, feed, now_ms);
  if (!changed) return changed.error();
  return Created{.webhook = std::move(*changed), .secret = {}};
}

Result<store::WebhookRecord> update(store::Tx& tx, const std::string& account_id,
                                    const std::string& id, const Draft& draft,
                                    std::int64_t now_ms) {
  auto w = store::find_webhook(tx, account_id, id);
  if (!w) return absent(id);
  if (auto ok = apply(tx, *w, draft, now_ms); !ok) return ok.error();
  store::update_webhook(tx, *w);
  return std::move(*w);
}

Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id) {
  if (!store::delete_webhook(tx, account_id, id)) return absent(id);
  return Ok{};
}

Result<Created> rotate_secret(store::Tx& tx, const secrets::Vault& vault,
                              const std::string& account_id, const std::string& id,
                              std::int64_t now_ms) {
  auto w = store::find_webhook(tx, account_id, id);
  if (!w) return absent(id);
  Created out;
  out.secret = standard_webhooks::new_secret();
  w->previous_secret_sealed = w->secret_sealed;
  w->previous_until_ms = now_ms + previous_secret_ms;
  w->secret_sealed = vault.seal(account_id, sealed_name(w->id), out.secret);
  w->updated_at_ms = now_ms;
  store::update_webhook(tx, *w);
  out.webhook = std::move(*w);
  return out;
}

Result<store::DeliveryRecord> send_test(store::Tx& tx, const std::string& account_id,
                                        const std::string& id, std::int64_t now_ms) {
  auto w = store::find_webhook(tx, account_id, id);
  if (!w) return absent(id);
  std::string data = R"({"webhookId":)";
  append_json_string(data, w->id);
  data += R"(,"message":"This is a test event from agentry."})";
  const store::EventRecord event{.id = new_ordered_id("evt", now_ms),
                                 .account_id = account_id,
                                 .type = std::string(test_event_type),
                                 .data = std::move(data),
                                 .created_at_ms = now_ms};
  store::DeliveryRecord d = delivery_of(account_id, event, now_ms);
  d.webhook_id = w->id;
  store::insert_delivery(tx, d);
  return d;
}

Result<store::DeliveryRecord> redeliver(store::Tx& tx, const std::string& account_id,
                                        const std::string& id, const std::string& delivery_id,
                                        std::int64_t now_ms) {
  auto w = store::find_webhook(tx, account_id, id);
  if (!w) return absent(id);
  auto old = store::find_delivery(tx, delivery_id);
  if (!old || old->webhook_id != id) {
    return make_error(Errc::not_found, "no delivery with id " + delivery_id);
  }
  if (w->status != "enabled") {
    Error e = make_error(Errc::conflict, "webhook " + id + " is disabled; enable it first");
    e.current_state = w->status;
    return e;
  }
  store::DeliveryRecord d = *old;
  d.id = new_ordered_id("dlv", now_ms);
  d.status = "pending";
  d.attempts = 0;
  d.next_attempt_at_ms = now_ms;
  d.last_error.reset();
  d.created_at_ms = d.updated_at_ms = now_ms;
  d.attempt_log.clear();
  store::insert_delivery(tx, d);
  return d;
}

Result<store::WebhookRecord> get(store::Tx& tx, const std::string& account_id,
                                 const std::string& id) {
  auto w = store::find_webhook(tx, account_id, id);
  if (!w) return absent(id);
  return std::move(*w);
}

store::PageOf<store::WebhookRecord> list(store::Tx& tx, const std::string& account_id,
                                         store::Page page) {
  return store::list_webhooks(tx, account_id, page);
}

Result<std::vector<store::DeliveryRecord>> deliveries(store::Tx& tx, const std::string& account_id,
                                                      const std::string& id,
                                                      const std::optional<std::string>& before_id,
                                                      std::int64_t limit) {
  if (!store::find_webhook(tx, account_id, id)) return absent(id);
  return store::list_deliveries(tx, id, before_id, limit);
}

void fan_out(store::Tx& tx, const store::EventRecord& event, const events::Object& object) {
  for (const store::WebhookRecord& w : store::enabled_webhooks(tx, event.account_id)) {
    if (events::matches_any(w.event_types, event.type) &&
        (!w.agent_id || w.agent_id == event.agent_id)) {
      queue(tx, w, event);
    }
  }
  const auto* const* task = std::get_if<const store::TaskRecord*>(&object);
  if (event.type != "task.posted" || !task || (*task)->offered_agent_id) return;
  for (const store::WebhookRecord& w :
       store::webhooks_of_capable_agents(tx, (*task)->required_capabilities, (*task)->account_id)) {
    if (events::matches_any(w.event_types, event.type)) queue(tx, w, event);
  }
}

void notify_agent(store::Tx& tx, const std::string& owner_id, const std::string& agent_id,
                  const store::EventRecord& event) {
  store::DeliveryRecord d = delivery_of(owner_id, event, event.created_at_ms);
  d.agent_id = agent_id;
  store::insert_delivery(tx, d);
}

std::vector<store::DeliveryRecord> claim(
    store::Tx& tx, std::int64_t limit, const std::function<std::int64_t(const std::string&)>& slots,
    std::int64_t lease_until_ms, std::int64_t now_ms) {
  std::vector<store::DeliveryRecord> claimed;
  std::map<std::string, std::int64_t> taken;
  for (const auto& [id, target] : store::due_deliveries(tx, now_ms, limit)) {
    if (taken[target] >= slots(target)) continue;
    auto d = store::claim_delivery(tx, id, now_ms, lease_until_ms);
    if (!d) continue;
    ++taken[target];
    claimed.push_back(std::move(*d));
  }
  return claimed;
}

std::optional<Target> target_of(store::Tx& tx, const secrets::Vault& vault,
                                const store::DeliveryRecord& delivery, std::int64_t now_ms) {
  if (delivery.agent_id) {
    auto agent = store::find_agent_by_id(tx, *delivery.agent_id);
    if (!agent || !agent->endpoint_url) return std::nullopt;
    return Target{.url = *agent->endpoint_url,
                  .secrets = {remote_agents::signing_secret(tx, vault, *agent, false, now_ms)},
                  .allow_loopback_http = remote_agents::is_loopback_http_url(*agent->endpoint_url)};
  }
  auto w = delivery.webhook_id ? store::find_webhook_by_id(tx, *delivery.webhook_id) : std::nullopt;
  if (!w || (w->status != "enabled" && delivery.event_type != test_event_type)) return std::nullopt;
  Target out{.url = w->url,
             .allow_loopback_http = remote_agents::is_loopback_http_url(w->url),
             .format = w->format};
  auto open = [&](const std::string& sealed) {
    return vault.open({.account_id = w->account_id, .name = sealed_name(w->id), .sealed = sealed});
  };
  if (auto current = open(w->secret_sealed)) out.secrets.push_back(std::move(*current));
  if (w->previous_secret_sealed && w->previous_until_ms && *w->previous_until_ms > now_ms) {
    if (auto previous = open(*w->previous_secret_sealed))
      out.secrets.push_back(std::move(*previous));
  }
  if (out.secrets.empty()) return std::nullopt;
  return out;
}

store::DeliveryRecord record(store::Tx& tx, const store::DeliveryRecord& claimed, const Try& result,
                             const Backoff& backoff, std::int64_t now_ms) {
  auto scaled = [&](std::int64_t ms) { return ms / 1000 * backoff.scale_ppm / 1000; };
  store::DeliveryRecord d = claimed;
  d.attempts += 1;
  d.updated_at_ms = now_ms;
  const bool ok = result.status_code && *result.status_code / 100 == 2;
  const bool gone = result.status_code == 410;
  std::optional<store::WebhookRecord> w;
  if (d.webhook_id) w = store::find_webhook_by_id(tx, *d.webhook_id);
  if (ok) {
    d.status = "succeeded";
    d.next_attempt_at_ms.reset();
    d.last_error.reset();
  } else {
    // A try has a status or an error; one with neither is recorded as answering nothing.
    d.last_error = result.error ? *result.error
                   : result.status_code
                       ? "the endpoint answered " + std::to_string(*result.status_code)
                       : std::string("the endpoint did not answer");
    const auto retry = static_cast<std::size_t>(d.attempts - 1);
    if (gone || retry >= retry_after_ms.size()) {
      d.status = "failed";
      d.next_attempt_at_ms.reset();
    } else {
      const std::int64_t wait = scaled(retry_after_ms.at(retry));
      d.status = "pending";
      d.next_attempt_at_ms =
          now_ms + wait + wait * std::clamp<std::int64_t>(backoff.jitter_permille, 0, 1000) / 1000;
    }
  }
  store::record_attempt(tx, d,
                        {.number = d.attempts,
                         .status_code = result.status_code,
                         .latency_ms = result.latency_ms,
                         .error = result.error,
                         .created_at_ms = now_ms});
  if (!w || w->status != "enabled" || d.event_type == test_event_type) return d;
  if (ok) {
    if (w->failing_since_ms) {
      w->failing_since_ms.reset();
      w->updated_at_ms = now_ms;
      store::update_webhook(tx, *w);
    }
  } else if (gone) {
    disable(tx, *w, "the endpoint answered 410 Gone", now_ms);
  } else if (!w->failing_since_ms) {
    w->failing_since_ms = now_ms;
    w->updated_at_ms = now_ms;
    store::update_webhook(tx, *w);
  } else if (now_ms - *w->failing_since_ms >= scaled(disable_after_failing_ms)) {
    disable(tx, *w, "its deliveries failed for 5 days", now_ms);
  }
  return d;
}

std::int64_t release_claims(store::Tx& tx) {
  return store::release_delivery_leases(tx);
}

std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  return store::prune_deliveries(tx, before_ms, limit);
}

}  // namespace agentry::webhooks
