#include "runtime/delivery_worker.hpp"

#include <boost/asio/co_spawn.hpp>

#include <chrono>
#include <random>

#include "core/crypto.hpp"
#include "core/instruments.hpp"
#include "core/standard_webhooks.hpp"
#include "domain/webhooks.hpp"
#include "runtime/await_db.hpp"
#include "runtime/log_failure.hpp"
#include "views/resources.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;

namespace {
constexpr std::string_view wake_key = "webhooks:queued";
// Deliveries claimed in one transaction at most.
constexpr std::int64_t claim_batch_max = 64;

std::string target_of(const store::DeliveryRecord& d) {
  return d.webhook_id ? *d.webhook_id : d.agent_id.value_or("");
}

// "v1,<sig> v1,<sig>": one signature per secret, so that a receiver holding either verifies.
std::string signatures(const std::vector<std::string>& secrets, std::string_view id,
                       std::int64_t timestamp_s, std::string_view body) {
  std::string out;
  for (const std::string& secret : secrets) {
    auto sig = standard_webhooks::sign(secret, id, timestamp_s, body);
    if (!sig) continue;
    if (!out.empty()) out += ' ';
    out += *sig;
  }
  return out;
}

// Standard Webhooks: the event as GET /v1/events shows it, with webhook-id, -timestamp and
// -signature.
OutboundRequest standard_request(const store::DeliveryRecord& delivery,
                                 const webhooks::Target& where, std::int64_t timestamp_s) {
  std::string body = views::delivery_body(delivery);
  std::string signature = signatures(where.secrets, delivery.event_id, timestamp_s, body);
  return {.url = where.url,
          .headers = {{"Content-Type", "application/json"},
                      {"User-Agent", "agentry-webhooks/1"},
                      {"webhook-id", delivery.event_id},
                      {"webhook-timestamp", std::to_string(timestamp_s)},
                      {"webhook-signature", std::move(signature)}},
          .body = std::move(body)};
}

// AgentMarket's form: X-AgentMarket-Signature is sha256=<hex HMAC-SHA256 of the raw body> keyed
// with the secret as the agent was shown it; X-AgentMarket-Delivery is the receiver's dedupe key.
OutboundRequest agentmarket_request(const store::DeliveryRecord& delivery,
                                    const webhooks::Target& where, std::string_view public_url) {
  std::string body = views::agentmarket_delivery_body(delivery, public_url);
  std::string signature =
      "sha256=" + crypto::to_hex(crypto::hmac_sha256(where.secrets.front(), body));
  return {.url = where.url,
          .headers = {{"Content-Type", "application/json"},
                      {"User-Agent", "agentry-webhooks/1"},
                      {"X-AgentMarket-Event", delivery.event_type},
                      {"X-AgentMarket-Delivery", delivery.event_id},
                      {"X-AgentMarket-Signature", std::move(signature)}},
          .body = std::move(body)};
}

std::int64_t jitter_permille() {
  thread_local std::minstd_rand random{std::random_device{}()};
  return std::uniform_int_distribution<std::int64_t>(0, 100)(random);
}

}  // namespace

DeliveryWorker::DeliveryWorker(store::Database& db, const Clock& clock, HttpClient& client,
                               const secrets::Vault& vault, Notifier& notifier,
                               DeliveryOptions options, Logger& log)
    : db_(db),
      clock_(clock),
      client_(client),
      vault_(vault),
      notifier_(notifier),
      options_(std::move(options)),
      log_(log) {}

void DeliveryWorker::start(std::vector<asio::io_context*> contexts) {
  contexts_ = std::move(contexts);
  wake_ = notifier_.subscribe(std::string(wake_key), contexts_.front()->get_executor());
  // A delivery committed anywhere wakes the worker; the poll is for a notification lost.
  db_.watch("webhook_deliveries", [this] { wake(); });
  asio::co_spawn(*contexts_.front(), dispatch(), [this](const std::exception_ptr& e) {
    log_failure(log_, "webhook delivery stopped: ", e);
  });
}

void DeliveryWorker::stop() {
  stopped_ = true;
  wake();
}

void DeliveryWorker::finish() {
  wake_.reset();
}

void DeliveryWorker::wake() {
  notifier_.notify(std::string(wake_key));
}

asio::awaitable<void> DeliveryWorker::dispatch() {
  if (options_.release_all_at_start) {
    co_await db_write(db_, [](store::Tx& tx) { return webhooks::release_claims(tx); });
  }
  while (!stopped_) {
    std::int64_t free = 0;
    {
      std::lock_guard lock(mutex_);
      free = std::min(options_.max_active - active_, claim_batch_max);
    }
    std::vector<store::DeliveryRecord> claimed;
    if (free > 0) claimed = co_await claim_batch(free);
    for (auto& d : claimed) {
      {
        std::lock_guard lock(mutex_);
        ++active_;
        ++active_by_target_[target_of(d)];
      }
      auto& context = *contexts_[next_context_++ % contexts_.size()];
      asio::co_spawn(context, deliver(std::move(d)), [this](const std::exception_ptr& e) {
        log_failure(log_, "webhook delivery: ", e);
      });
    }
    if (static_cast<std::int64_t>(claimed.size()) < free || free <= 0) {
      co_await wake_->wait(options_.poll_ms);
    }
  }
}

asio::awaitable<std::vector<store::DeliveryRecord>> DeliveryWorker::claim_batch(std::int64_t free) {
  std::map<std::string, std::int64_t> used;
  {
    std::lock_guard lock(mutex_);
    used = active_by_target_;
  }
  auto slots = [&](const std::string& target) {
    auto it = used.find(target);
    return options_.max_active_per_endpoint - (it == used.end() ? 0 : it->second);
  };
  const std::int64_t now = clock_.now_ms();
  try {
    co_return co_await db_write(db_, [&](store::Tx& tx) {
      return webhooks::claim(tx, free, slots, now + options_.lease_ms, now);
    });
  } catch (const std::exception& e) {
    log_.log("error", std::string("claiming webhook deliveries: ") + e.what());
  }
  co_return std::vector<store::DeliveryRecord>{};
}

asio::awaitable<void> DeliveryWorker::deliver(store::DeliveryRecord delivery) {
  const std::string target = target_of(delivery);
  webhooks::Try result;
  auto where = co_await db_write(db_, [&](store::Tx& tx) {
    return webhooks::target_of(tx, vault_, delivery, clock_.now_ms());
  });
  if (!where) {
    result.error = "the endpoint is gone or disabled";
  } else {
    OutboundRequest request = where->format == "agentmarket"
                                  ? agentmarket_request(delivery, *where, options_.public_url)
                                  : standard_request(delivery, *where, clock_.now_ms() / 1000);
    const auto started = std::chrono::steady_clock::now();
    auto response = co_await client_.send(
        std::move(request),
        {.timeout_ms = options_.timeout_ms,
         .max_response_bytes = options_.max_response_bytes,
         .guarded = true,
         .allow_loopback_http = options_.allow_loopback_http && where->allow_loopback_http},
        [](const OutboundResponse&, std::string_view) -> Result<void> { return Ok{}; });
    result.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    if (response) {
      result.status_code = response->status;
    } else {
      result.error = response.error().message;
    }
  }
  count_attempt(delivery, result);
  try {
    co_await db_write(db_, [&](store::Tx& tx) {
      return webhooks::record(
          tx, delivery, result,
          {.jitter_permille = jitter_permille(), .scale_ppm = options_.retry_scale_ppm},
          clock_.now_ms());
    });
  } catch (const std::exception& e) {
    log_.log("error", "recording webhook delivery " + delivery.id + ": " + e.what());
  }
  finished(target);
}

void DeliveryWorker::count_attempt(const store::DeliveryRecord& delivery,
                                   const webhooks::Try& result) const {
  instruments::Instruments& m = instruments::get();
  const std::int64_t status = result.status_code.value_or(0);
  if (status >= 200 && status < 300) {
    m.webhook_deliveries.with({"delivered"}).add();
    m.webhook_lag.only().observe(
        static_cast<double>(clock_.now_ms() - delivery.event_created_at_ms) / 1000);
  } else {
    m.webhook_deliveries.with({status == 410 ? "gone" : "failed"}).add();
  }
}

void DeliveryWorker::finished(const std::string& target) {
  {
    std::lock_guard lock(mutex_);
    --active_;
    if (--active_by_target_[target] <= 0) active_by_target_.erase(target);
  }
  wake();
}

}  // namespace agentry::runtime
