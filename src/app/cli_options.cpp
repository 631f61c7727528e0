#include "app/cli_options.hpp"

#include <cctype>
#include <string_view>
#include <type_traits>

namespace agentry::app {

namespace {

// AGENTRY_ and the flag's name in upper case: --run-lease-ms is AGENTRY_RUN_LEASE_MS.
std::string variable_of(std::string_view flag) {
  std::string out = "AGENTRY_";
  for (char ch : flag.substr(2)) {
    out += ch == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return out;
}

// A setting: the flag `name`, its variable (variable_of) and, when it has one, its default in
// --help.
template <class T>
CLI::Option* setting(CLI::App& command, const std::string& name, T& value,
                     const std::string& description) {
  CLI::Option* option = command.add_option(name, value, description)->envname(variable_of(name));
  if constexpr (std::is_same_v<T, std::string>) {
    if (value.empty()) return option;
  }
  return option->capture_default_str();
}

CLI::Option* flag(CLI::App& command, const std::string& name, bool& value,
                  const std::string& description) {
  return command.add_flag(name, value, description)->envname(variable_of(name));
}

}  // namespace

// The settings, each a flag, an AGENTRY_* variable or a key of the config file. They belong to the
// top-level command so that the config file's keys are plain names ("listen = ..."); the
// subcommands fall through to them, so `agentry serve --listen ...` works.
void add_options(CLI::App& command, Config& c) {
  command.set_config("--config", "", "Read settings from this TOML file (key = value lines)")
      ->envname("AGENTRY_CONFIG");
  setting(command, "--data", c.data_dir, "Data directory; the SQLite file lives there");
  setting(command, "--listen", c.listen, "HOST:PORT to listen on");
  setting(command, "--metrics-listen", c.metrics_listen,
          "HOST:PORT serving GET /metrics without a key, for Prometheus (off when empty)");
  setting(command, "--public-url", c.public_url,
          "Where clients reach this server, e.g. https://agents.example.com (default: "
          "http://LISTEN)");
  setting(command, "--access-log", c.access_log, "stdout, stderr, off, or a file path");
  flag(command, "--open-signup", c.open_signup, "Let anyone POST /v1/accounts");
  setting(command, "--default-plan", c.default_plan, "Plan of accounts created without one");
  setting(command, "--plans-file", c.plans_file, "JSON file overriding or adding plans");
  setting(command, "--prices-file", c.prices_file, "JSON file overriding or adding model prices");
  setting(command, "--threads", c.threads, "I/O threads (0: one per core)");
  setting(command, "--max-connections", c.max_connections, "Open connections at most")
      ->check(CLI::Range(1, 1'000'000));
  setting(command, "--header-timeout-ms", c.header_timeout_ms,
          "Time a client has to send a request's headers")
      ->check(CLI::Range(100, 600'000));
  setting(command, "--body-timeout-ms", c.body_timeout_ms,
          "Time a client has to send a request's body")
      ->check(CLI::Range(100, 600'000));
  setting(command, "--idle-timeout-ms", c.idle_timeout_ms,
          "Time a kept-alive connection may wait for its next request")
      ->check(CLI::Range(100, 3'600'000));
  setting(command, "--db", c.db,
          "Database: sqlite:PATH or postgres://USER@HOST:PORT/DB (default: SQLite in the data "
          "directory)");
  setting(command, "--db-readers", c.db_readers, "SQLite: read-only database connections")
      ->check(CLI::Range(1, 64));
  setting(command, "--db-pool-size", c.db_pool_size, "PostgreSQL: connections in the pool")
      ->check(CLI::Range(1, 1000));
  setting(command, "--db-queue-limit", c.db_queue_limit,
          "Refuse requests (503, Retry-After) while this many transactions wait for the database; "
          "0: never")
      ->check(CLI::Range(0, 1'000'000));
  setting(command, "--redis", c.redis,
          "redis://HOST:PORT: count rate limits in Redis, shared by every node");
  setting(command, "--trusted-proxies", c.trusted_proxies,
          "Reverse proxies (addresses, CIDR ranges; comma-separated) whose X-Forwarded-For names "
          "the client");
  setting(command, "--cors-origins", c.cors_origins,
          "Origins whose pages may call the API from a browser (scheme://host[:port], "
          "comma-separated; * for any); none when empty");
  setting(command, "--unauthenticated-per-minute", c.unauthenticated_per_minute,
          "Requests per minute from one client address without a valid key")
      ->check(CLI::Range(1, 1'000'000));
  setting(command, "--signup-credits", c.signup_credits, "Credits granted to each new account")
      ->check(CLI::Range(0.0, 1e9));
  setting(command, "--platform-fee-percent", c.platform_fee_percent,
          "The platform's share of each settled marketplace task")
      ->check(CLI::Range(0.0, 100.0));
  setting(command, "--housekeeping-interval-ms", c.housekeeping_interval_ms,
          "How often deadlines, monthly plan credits and usage counts are processed")
      ->check(CLI::Range(50, 60'000));
  setting(command, "--activity-retention-days", c.activity_retention_days,
          "How long the activity log (GET /v1/activity) is kept")
      ->check(CLI::Range(1, 3650));
  setting(command, "--event-retention-days", c.event_retention_days,
          "How long account events (GET /v1/events) are kept")
      ->check(CLI::Range(1, 3650));
  setting(command, "--webhook-retry-scale", c.webhook_retry_scale,
          "Tests only: multiplies the webhook retry schedule and the 5 days of failures that "
          "disable an endpoint")
      ->check(CLI::Range(0.000001, 1.0));
  setting(command, "--db-statement-timeout-ms", c.db_statement_timeout_ms,
          "PostgreSQL: statements running longer are cancelled")
      ->check(CLI::Range(100, 3'600'000));
  setting(command, "--run-workers", c.run_workers,
          "Runs executing at once on this node (0: none, an API-only node)")
      ->check(CLI::Range(0, 100'000));
  setting(command, "--run-agent-concurrency", c.run_agent_concurrency,
          "Runs of one agent executing at once on this node")
      ->check(CLI::Range(1, 100'000));
  setting(command, "--run-lease-ms", c.run_lease_ms,
          "How long a node's claim on a run lasts unless renewed; a crashed node's runs are "
          "recovered after it")
      ->check(CLI::Range(300, 3'600'000));
  setting(command, "--openai-base-url", c.openai_base_url,
          "OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, Ollama, llama.cpp ...) for "
          "every model except echo and claude-*");
  setting(command, "--anthropic-base-url", c.anthropic_base_url,
          "Anthropic Messages endpoint for claude-* models");
  setting(command, "--embeddings-model", c.embeddings_model,
          "Embeddings model of an OpenAI-compatible /embeddings endpoint: knowledge search becomes "
          "hybrid (BM25 fused with cosine similarity); without it, BM25 alone");
  setting(command, "--embeddings-base-url", c.embeddings_base_url,
          "The /embeddings endpoint's base URL (default: --openai-base-url)");
  flag(command, "--allow-loopback-http-endpoints", c.allow_loopback_http_endpoints,
       "Development only: let remote agents live at http://localhost (and 127.x, [::1]); without "
       "it endpoints are https and public addresses only");
  flag(command, "--schedule-seconds", c.schedule_seconds,
       "Let schedules' cron expressions have a sixth field, seconds, first (a schedule may then "
       "fire every second)");
  setting(command, "--provider-ca-file", c.provider_ca_file,
          "PEM certificates to trust for providers instead of the system's");
}

// The settings belong to the top-level command; a subcommand's --help lists them too, each with
// its environment variable and default, since they are what `agentry serve` reads.
std::string settings_help(const CLI::App& app) {
  std::string out = "Settings (flags; the same as AGENTRY_* variables or keys of --config FILE):\n";
  const CLI::Formatter formatter;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_name() == "--help" || option->get_name() == "--version") continue;
    out += formatter.make_option(option, false);
  }
  return out;
}

}  // namespace agentry::app
