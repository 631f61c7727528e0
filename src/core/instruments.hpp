#pragma once

#include "core/metrics.hpp"

// The server's metrics (GET /metrics), one process-wide set: each layer updates its own, and
// the exposition lists every one from the start.
namespace agentry::instruments {

struct Instruments {
  metrics::Registry registry;
  // HTTP, by route template (e.g. /v1/agents/{id}; "unmatched" for no route), method, status.
  metrics::Family<metrics::Counter>& http_requests;
  metrics::Family<metrics::Histogram>& http_duration;  // by route and method, in seconds
  metrics::Family<metrics::Gauge>& http_in_flight;
  metrics::Family<metrics::Gauge>& open_streams;
  metrics::Family<metrics::Counter>& rate_limited;
  // Requests refused with 503 because too many transactions waited for the database.
  metrics::Family<metrics::Counter>& shed;
  // The store: transactions by kind (read, write), and those waiting to start (reads wait only
  // on PostgreSQL; SQLite reads on the caller's thread).
  metrics::Family<metrics::Histogram>& db_transaction;
  metrics::Family<metrics::Gauge>& db_writer_queue;
  metrics::Family<metrics::Gauge>& db_reader_queue;
  // Runs: open ones by state (read from the store at each scrape), this node's run slots.
  metrics::Family<metrics::Gauge>& runs;
  metrics::Family<metrics::Gauge>& run_workers_busy;
  metrics::Family<metrics::Gauge>& run_workers;
  // LLM providers, by provider and outcome (ok, error, stopped: the caller went away).
  metrics::Family<metrics::Counter>& provider_calls;
  metrics::Family<metrics::Histogram>& provider_duration;
  // Webhooks by outcome (delivered, failed, gone), and the time from event to delivery.
  metrics::Family<metrics::Counter>& webhook_deliveries;
  metrics::Family<metrics::Histogram>& webhook_lag;
  // The time from a schedule's due time to its firing.
  metrics::Family<metrics::Histogram>& schedule_lag;
  // The process.
  metrics::Family<metrics::Gauge>& resident_memory;
  metrics::Family<metrics::Gauge>& open_fds;

  Instruments();
};

// The process's instruments.
Instruments& get();

}  // namespace agentry::instruments
