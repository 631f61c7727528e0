#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/limits.hpp"

namespace agentry::app {

// Everything `agentry serve` can be told, from flags, AGENTRY_* variables or a config file.
struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string metrics_listen;  // HOST:PORT serving GET /metrics without a key; empty: none
  // Where clients reach this server (https://agents.example.com); empty: http://LISTEN. Named in
  // AgentMarket's deliveries as marketplace_url.
  std::string public_url;
  std::string data_dir = "./data";
  std::string access_log = "stdout";  // stdout | stderr | off | a file path
  bool open_signup = false;
  std::string default_plan = "free";
  std::string plans_file;   // JSON overrides of the plans; empty: the defaults
  std::string prices_file;  // JSON overrides of the model prices; empty: the seeds' table
  std::size_t threads = 0;  // 0: one per core
  std::size_t max_connections = limits::default_max_connections;
  // Where the data lives: empty for DATA_DIR/agentry.db, "sqlite:PATH", or a PostgreSQL URL
  // ("postgres://USER[:PASSWORD]@HOST:PORT/DB").
  std::string db;
  std::size_t db_readers = 4;                     // SQLite: read-only connections
  std::size_t db_pool_size = 8;                   // PostgreSQL: connections
  std::int64_t db_statement_timeout_ms = 30'000;  // PostgreSQL: statements running longer fail
  // Requests with a key are refused (503, Retry-After) while this many transactions wait for
  // the database; 0: never.
  std::int64_t db_queue_limit = 2000;
  // redis://[:PASSWORD@]HOST[:PORT][/DB]: rate limits shared by every node; empty: per node.
  std::string redis;
  double signup_credits = 100;       // credits granted to each new account (AgentMarket's 100)
  double platform_fee_percent = 10;  // the platform's share of each settled task
  std::int64_t housekeeping_interval_ms = 1000;  // task expiry, plan credits, usage counts
  std::int64_t header_timeout_ms = limits::header_timeout_ms;  // to receive a request's headers
  std::int64_t idle_timeout_ms = limits::idle_timeout_ms;      // between requests on one connection
  std::int64_t body_timeout_ms = limits::body_timeout_ms;      // to receive a request's body
  std::int64_t run_workers = 64;           // runs executing at once on this node
  std::int64_t run_agent_concurrency = 8;  // runs of one agent executing at once on this node
  std::int64_t run_lease_ms = limits::run_lease_ms;  // a node's claim on a run lasts unless renewed
  // LLM providers (their API keys only from AGENTRY_OPENAI_API_KEY / AGENTRY_ANTHROPIC_API_KEY,
  // so that no key shows in a process list or a config file).
  std::string openai_base_url = "https://api.openai.com/v1";
  std::string anthropic_base_url = "https://api.anthropic.com";
  // Hybrid knowledge search: an OpenAI-compatible /embeddings model (empty: BM25 alone), at its
  // own base URL (empty: openai_base_url), its key from AGENTRY_EMBEDDINGS_API_KEY (else
  // AGENTRY_OPENAI_API_KEY).
  std::string embeddings_model;
  std::string embeddings_base_url;
  std::string provider_ca_file;  // trust these certificates for providers instead of the system's
  // Development only: remote agents at http:// endpoints on loopback (localhost, 127.x, [::1]).
  bool allow_loopback_http_endpoints = false;
  std::string trusted_proxies;                   // addresses and CIDR ranges, comma-separated
  std::string cors_origins;                      // browsers' origins allowed, comma-separated
  std::int64_t unauthenticated_per_minute = 60;  // per client address, without a known key
  std::int64_t event_retention_days = limits::event_retention_days;        // GET /v1/events keeps
  std::int64_t activity_retention_days = limits::activity_retention_days;  // GET /v1/activity
  // Tests only: the webhook retry schedule (and the 5 days that disable an endpoint) times this.
  double webhook_retry_scale = 1.0;
  // Schedules may have a seconds field (six fields): off, since one can then fire every second.
  bool schedule_seconds = false;
};

// Splits "host:port" (or "[v6]:port"). Throws std::invalid_argument when malformed.
void split_listen(const std::string& listen, std::string& host, std::uint16_t& port,
                  std::string_view option = "--listen");

}  // namespace agentry::app
