#include "core/instruments.hpp"

namespace agentry::instruments {
namespace {
// Lag from an event or a due time: up to a day of retries.
std::vector<double> lag_bounds() {
  return {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400};
}
}  // namespace

Instruments::Instruments()
    : http_requests(
          registry.counter({"agentry_http_requests_total",
                            "HTTP requests answered, by route template, method and status",
                            {"route", "method", "status"}})),
      http_duration(registry.histogram(
          {"agentry_http_request_duration_seconds",
           "Time to answer a request (to the first byte of a stream), by route and method",
           {"route", "method"}},
          metrics::latency_bounds())),
      http_in_flight(
          registry.gauge({"agentry_http_requests_in_flight", "Requests being answered now", {}})),
      open_streams(registry.gauge(
          {"agentry_open_streams", "Server-Sent Event streams open now on this node", {}})),
      rate_limited(
          registry.counter({"agentry_rate_limited_total", "Requests refused by a rate limit", {}})),
      shed(registry.counter({"agentry_http_shed_total",
                             "Requests refused with 503 because the database queue was full",
                             {}})),
      db_transaction(
          registry.histogram({"agentry_db_transaction_duration_seconds",
                              "Database transactions by kind (read, write), queueing included",
                              {"kind"}},
                             metrics::latency_bounds())),
      db_writer_queue(registry.gauge(
          {"agentry_db_writer_queue_depth", "Write transactions waiting to start", {}})),
      db_reader_queue(registry.gauge(
          {"agentry_db_reader_queue_depth", "Read transactions waiting to start", {}})),
      runs(registry.gauge({"agentry_runs",
                           "Open runs by state: queued (the queue's depth), "
                           "active, cancelling",
                           {"state"}})),
      run_workers_busy(
          registry.gauge({"agentry_run_workers_busy", "Runs this node is executing now", {}})),
      run_workers(
          registry.gauge({"agentry_run_workers", "Runs this node executes at most at once", {}})),
      provider_calls(
          registry.counter({"agentry_provider_calls_total",
                            "Calls to LLM providers by provider and outcome (ok, error, stopped)",
                            {"provider", "outcome"}})),
      provider_duration(registry.histogram({"agentry_provider_call_duration_seconds",
                                            "LLM provider calls' duration by provider",
                                            {"provider"}},
                                           metrics::latency_bounds())),
      webhook_deliveries(
          registry.counter({"agentry_webhook_deliveries_total",
                            "Webhook delivery attempts by outcome (delivered, failed, gone)",
                            {"outcome"}})),
      webhook_lag(
          registry.histogram({"agentry_webhook_delivery_lag_seconds",
                              "Time from an event to its successful delivery, retries included",
                              {}},
                             lag_bounds())),
      schedule_lag(registry.histogram({"agentry_schedule_firing_lag_seconds",
                                       "Time from a schedule's due time to its firing",
                                       {}},
                                      lag_bounds())),
      resident_memory(registry.gauge(
          {"agentry_process_resident_memory_bytes", "Resident memory of the server process", {}})),
      open_fds(registry.gauge(
          {"agentry_process_open_fds", "File descriptors the server process holds open", {}})) {
  // Families without labels show their one member from the start.
  for (auto* g : {&http_in_flight, &open_streams, &db_writer_queue, &db_reader_queue,
                  &run_workers_busy, &run_workers, &resident_memory, &open_fds}) {
    g->only();
  }
  rate_limited.only();
  shed.only();
  webhook_lag.only();
  schedule_lag.only();
  for (const char* state : {"queued", "active", "cancelling"}) runs.with({state});
}

Instruments& get() {
  static Instruments instruments;
  return instruments;
}

}  // namespace agentry::instruments
