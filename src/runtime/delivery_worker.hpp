#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "domain/secrets.hpp"
#include "domain/webhooks.hpp"
#include "runtime/http_client.hpp"
#include "runtime/notifier.hpp"
#include "store/database.hpp"
#include "store/webhook_records.hpp"

namespace agentry::runtime {

struct DeliveryOptions {
  std::int64_t max_active = 32;              // deliveries in flight on this node
  std::int64_t max_active_per_endpoint = 4;  // to one endpoint, on this node
  std::int64_t timeout_ms = 15'000;          // one try, connection to last byte
  std::int64_t lease_ms = 20'000;  // a claimed delivery is due again after this (> timeout_ms)
  std::int64_t poll_ms = 250;      // how often to look for due deliveries (retries; lost wakes)
  std::size_t max_response_bytes = std::size_t{64} * 1024;  // read of an answer, then dropped
  // The retry schedule's scale in parts per million (tests shorten it; see webhooks::Backoff).
  std::int64_t retry_scale_ppm = 1'000'000;
  // Make every claimed delivery due at start: right when no other node can hold one (SQLite).
  bool release_all_at_start = false;
  // Development: webhooks at http:// loopback URLs (the guarded client's setting).
  bool allow_loopback_http = false;
  // The server's public URL: AgentMarket's deliveries name it as marketplace_url.
  std::string public_url;
};

// Sends the outbox: claims due webhook deliveries (a batch at a time, within the limits), POSTs
// each event through the guarded client, signed with Standard Webhooks (webhook-id is the event
// id; one signature per live secret), and records each try with its outcome and next time.
// Within one endpoint, deliveries start in the order they were made; a retried one goes back in
// line at its next time.
class DeliveryWorker {
 public:
  DeliveryWorker(store::Database& db, const Clock& clock, HttpClient& client,
                 const secrets::Vault& vault, Notifier& notifier, DeliveryOptions options,
                 Logger& log);

  // Starts claiming on contexts[0]; deliveries are spread over all of `contexts`.
  void start(std::vector<boost::asio::io_context*> contexts);
  // Stops claiming; deliveries in flight end with the I/O threads and come due again when their
  // claim lapses (at least once).
  void stop();
  // After the I/O threads have stopped, before their io_contexts go.
  void finish();
  // Deliveries were queued: look without waiting for the next poll. Any thread.
  void wake();

 private:
  boost::asio::awaitable<void> dispatch();
  boost::asio::awaitable<std::vector<store::DeliveryRecord>> claim_batch(std::int64_t free);
  boost::asio::awaitable<void> deliver(store::DeliveryRecord delivery);
  void finished(const std::string& target);
  // Counts a try in the metrics: its outcome and, delivered, the time since its event.
  void count_attempt(const store::DeliveryRecord& delivery, const webhooks::Try& result) const;

  store::Database& db_;
  const Clock& clock_;
  HttpClient& client_;
  const secrets::Vault& vault_;
  Notifier& notifier_;
  DeliveryOptions options_;
  Logger& log_;
  std::vector<boost::asio::io_context*> contexts_;
  std::size_t next_context_ = 0;
  std::unique_ptr<Notifier::Subscription> wake_;
  std::atomic<bool> stopped_{false};

  std::mutex mutex_;
  std::int64_t active_ = 0;
  std::map<std::string, std::int64_t> active_by_target_;
};

}  // namespace agentry::runtime
