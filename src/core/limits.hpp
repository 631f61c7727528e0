#pragma once

#include <cstddef>
#include <cstdint>

// Every limit on untrusted input, in one place. Units are last in each name.
namespace agentry::limits {

inline constexpr std::size_t max_body_bytes = std::size_t{1024} * 1024;
inline constexpr std::size_t max_header_bytes = std::size_t{16} * 1024;
inline constexpr std::size_t max_json_depth = 32;
inline constexpr std::int64_t header_timeout_ms = 10'000;
inline constexpr std::int64_t body_timeout_ms = 30'000;
inline constexpr std::int64_t idle_timeout_ms = 60'000;
inline constexpr std::int64_t write_timeout_ms = 30'000;
inline constexpr std::int64_t drain_timeout_ms = 10'000;
inline constexpr std::size_t default_max_connections = 10'000;

inline constexpr std::int64_t page_limit_default = 20;
inline constexpr std::int64_t page_limit_max = 100;
inline constexpr std::int64_t page_offset_max = 1'000'000;

inline constexpr std::size_t idempotency_key_max_chars = 255;
inline constexpr std::int64_t idempotency_ttl_ms = 24LL * 3600 * 1000;
inline constexpr std::size_t query_text_max_chars = 200;
// Memory for agents cached by id (they are read on every run and profile view).
inline constexpr std::size_t agent_cache_max_bytes = std::size_t{32} * 1024 * 1024;
// Live streams: how long one may stay silent (a comment line then keeps proxies from closing
// it), and how many one account may hold open on a node unless its plan says (maxStreams).
// Streams and waits are woken by the signal of each change they follow, from any node
// (store::Tx::signal_after_commit); they read again unasked only this often, in case a signal
// was lost.
inline constexpr std::int64_t stream_heartbeat_ms = 15'000;
inline constexpr std::int64_t stream_recheck_ms = stream_heartbeat_ms;
inline constexpr int streams_per_account = 10;
// How often a run worker looks for runs queued by other nodes (its own wake it at once).
inline constexpr std::int64_t queue_poll_ms = 250;
// The longest span GET /v1/usage reports at once.
inline constexpr std::int64_t usage_max_days = 366;
// Tasks expired in one transaction by the housekeeping pass (it repeats until none are due).
inline constexpr std::int64_t expiry_batch = 200;
// How long account events (GET /v1/events) are kept unless the operator says otherwise.
inline constexpr std::int64_t event_retention_days = 30;
// How long the activity log is kept by default (--activity-retention-days).
inline constexpr std::int64_t activity_retention_days = 90;

// Runs. Output a run may ask of a model; the longest a run may take (POST /v1/execute may ask
// for less); how long a worker's claim on a run lasts unless renewed (a crashed worker's runs are
// recovered once it lapses); how often output is written to the run's events while it streams;
// how many attempts a run gets when its worker dies; the most output text kept per run.
inline constexpr std::int64_t run_max_output_tokens = 4096;
inline constexpr std::int64_t run_timeout_ms = 300'000;
inline constexpr std::int64_t run_lease_ms = 30'000;
inline constexpr std::int64_t run_flush_ms = 100;
inline constexpr std::int64_t run_max_attempts = 2;
inline constexpr std::size_t run_max_output_bytes = std::size_t{1024} * 1024;
// Runs claimed in one transaction, and the longest GET /v1/runs/{id}/wait holds on.
inline constexpr std::int64_t run_claim_batch = 64;
inline constexpr std::int64_t run_wait_max_ms = 60'000;

// Field lengths and list sizes of request bodies are declared in each route's JSON Schema, which
// the validator enforces and /openapi.json publishes.

}  // namespace agentry::limits
