#include "app/cli_options.hpp"

namespace agentry::app {

// The settings, each a flag, an AGENTRY_* variable or a key of the config file. They belong to the
// top-level command so that the config file's keys are plain names ("listen = ..."); the
// subcommands fall through to them, so `agentry serve --listen ...` works.
void add_options(CLI::App& command, Config& c) {
  command.set_config("--config", "", "Read settings from this TOML file (key = value lines)")
      ->envname("AGENTRY_CONFIG");
  command.add_option("--data", c.data_dir, "Data directory; the SQLite file lives there")
      ->envname("AGENTRY_DATA")
      ->capture_default_str();
  command.add_option("--listen", c.listen, "HOST:PORT to listen on")
      ->envname("AGENTRY_LISTEN")
      ->capture_default_str();
  command.add_option("--access-log", c.access_log, "stdout, stderr, off, or a file path")
      ->envname("AGENTRY_ACCESS_LOG")
      ->capture_default_str();
  command.add_flag("--open-signup", c.open_signup, "Let anyone POST /v1/accounts")
      ->envname("AGENTRY_OPEN_SIGNUP");
  command.add_option("--default-plan", c.default_plan, "Plan of accounts created without one")
      ->envname("AGENTRY_DEFAULT_PLAN")
      ->capture_default_str();
  command.add_option("--plans-file", c.plans_file, "JSON file overriding or adding plans")
      ->envname("AGENTRY_PLANS_FILE");
  command.add_option("--prices-file", c.prices_file, "JSON file overriding or adding model prices")
      ->envname("AGENTRY_PRICES_FILE");
  command.add_option("--threads", c.threads, "I/O threads (0: one per core)")
      ->envname("AGENTRY_THREADS")
      ->capture_default_str();
  command.add_option("--max-connections", c.max_connections, "Open connections at most")
      ->envname("AGENTRY_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  command
      .add_option("--header-timeout-ms", c.header_timeout_ms,
                  "Time a client has to send a request's headers")
      ->envname("AGENTRY_HEADER_TIMEOUT_MS")
      ->check(CLI::Range(100, 600'000))
      ->capture_default_str();
  command
      .add_option("--body-timeout-ms", c.body_timeout_ms,
                  "Time a client has to send a request's body")
      ->envname("AGENTRY_BODY_TIMEOUT_MS")
      ->check(CLI::Range(100, 600'000))
      ->capture_default_str();
  command
      .add_option("--idle-timeout-ms", c.idle_timeout_ms,
                  "Time a kept-alive connection may wait for its next request")
      ->envname("AGENTRY_IDLE_TIMEOUT_MS")
      ->check(CLI::Range(100, 3'600'000))
      ->capture_default_str();
  command
      .add_option("--db", c.db,
                  "Database: sqlite:PATH or postgres://USER@HOST:PORT/DB (default: SQLite in the "
                  "data directory)")
      ->envname("AGENTRY_DB");
  command.add_option("--db-readers", c.db_readers, "SQLite: read-only database connections")
      ->envname("AGENTRY_DB_READERS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  command.add_option("--db-pool-size", c.db_pool_size, "PostgreSQL: connections in the pool")
      ->envname("AGENTRY_DB_POOL_SIZE")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command
      .add_option("--redis", c.redis,
                  "redis://HOST:PORT: count rate limits in Redis, shared by every node")
      ->envname("AGENTRY_REDIS");
  command
      .add_option("--trusted-proxies", c.trusted_proxies,
                  "Reverse proxies (addresses, CIDR ranges; comma-separated) whose "
                  "X-Forwarded-For names the client")
      ->envname("AGENTRY_TRUSTED_PROXIES");
  command
      .add_option("--unauthenticated-per-minute", c.unauthenticated_per_minute,
                  "Requests per minute from one client address without a valid key")
      ->envname("AGENTRY_UNAUTHENTICATED_PER_MINUTE")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  command.add_option("--signup-credits", c.signup_credits, "Credits granted to each new account")
      ->envname("AGENTRY_SIGNUP_CREDITS")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  command
      .add_option("--platform-fee-percent", c.platform_fee_percent,
                  "The platform's share of each settled marketplace task")
      ->envname("AGENTRY_PLATFORM_FEE_PERCENT")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  command
      .add_option("--housekeeping-interval-ms", c.housekeeping_interval_ms,
                  "How often deadlines, monthly plan credits and usage counts are processed")
      ->envname("AGENTRY_HOUSEKEEPING_INTERVAL_MS")
      ->check(CLI::Range(50, 60'000))
      ->capture_default_str();
  command
      .add_option("--db-statement-timeout-ms", c.db_statement_timeout_ms,
                  "PostgreSQL: statements running longer are cancelled")
      ->envname("AGENTRY_DB_STATEMENT_TIMEOUT_MS")
      ->check(CLI::Range(100, 3'600'000))
      ->capture_default_str();
  command
      .add_option("--run-workers", c.run_workers,
                  "Runs executing at once on this node (0: none, an API-only node)")
      ->envname("AGENTRY_RUN_WORKERS")
      ->check(CLI::Range(0, 100'000))
      ->capture_default_str();
  command
      .add_option("--run-agent-concurrency", c.run_agent_concurrency,
                  "Runs of one agent executing at once on this node")
      ->envname("AGENTRY_RUN_AGENT_CONCURRENCY")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  command
      .add_option("--run-lease-ms", c.run_lease_ms,
                  "How long a node's claim on a run lasts unless renewed; a crashed node's runs "
                  "are recovered after it")
      ->envname("AGENTRY_RUN_LEASE_MS")
      ->check(CLI::Range(300, 3'600'000))
      ->capture_default_str();
  command
      .add_option("--openai-base-url", c.openai_base_url,
                  "OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, Ollama, "
                  "llama.cpp ...) for every model except echo and claude-*")
      ->envname("AGENTRY_OPENAI_BASE_URL")
      ->capture_default_str();
  command
      .add_option("--anthropic-base-url", c.anthropic_base_url,
                  "Anthropic Messages endpoint for claude-* models")
      ->envname("AGENTRY_ANTHROPIC_BASE_URL")
      ->capture_default_str();
  command
      .add_flag("--allow-loopback-http-endpoints", c.allow_loopback_http_endpoints,
                "Development only: let remote agents live at http://localhost (and 127.x, "
                "[::1]); without it endpoints are https and public addresses only")
      ->envname("AGENTRY_ALLOW_LOOPBACK_HTTP_ENDPOINTS");
  command
      .add_option("--provider-ca-file", c.provider_ca_file,
                  "PEM certificates to trust for providers instead of the system's")
      ->envname("AGENTRY_PROVIDER_CA_FILE");
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
