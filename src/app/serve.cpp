#include "app/serve.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "api/anthropic/messages.hpp"
#include "api/api.hpp"
#include "api/compat/surface.hpp"
#include "api/cors.hpp"
#include "api/dashboard/routes.hpp"
#include "api/docs/routes.hpp"
#include "api/json_text.hpp"
#include "api/llms_text.hpp"
#include "api/mcp/routes.hpp"
#include "api/openai/routes.hpp"
#include "api/openapi.hpp"
#include "api/prometheus.hpp"
#include "api/stream_reads.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "app/bootstrap.hpp"
#include "app/housekeeping.hpp"
#include "app/plans_file.hpp"
#include "app/prices_file.hpp"
#include "core/limits.hpp"
#include "domain/events.hpp"
#include "domain/ledger.hpp"
#include "domain/secrets.hpp"
#include "domain/skills.hpp"
#include "http/server.hpp"
#include "redis/rate_limiter.hpp"
#include "runtime/delivery_worker.hpp"
#include "runtime/notifier.hpp"
#include "runtime/providers.hpp"
#include "runtime/run_worker.hpp"
#include "runtime/schedule_worker.hpp"
#include "store/migrations.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "views/resources.hpp"

#ifndef AGENTRY_VERSION
#define AGENTRY_VERSION "0.0.0"
#endif

namespace agentry::app {
namespace asio = boost::asio;
namespace {

std::int64_t to_micro(double credits) {
  return std::llround(credits * 1e6);
}

bool is_postgres_url(std::string_view db) {
  return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

// What opening the store may create: the data directory and the database (serve), the database
// in a data directory that exists (migrate), or nothing (check). A mistyped path must not leave
// an empty store behind.
enum class Create { yes, database_only, no };

std::unique_ptr<store::Database> open_database(const Config& config, const Clock& clock,
                                               Create create) {
  if (create == Create::yes) {
    // Created owner-only (main's umask); an existing directory is the operator's to set.
    std::filesystem::create_directories(config.data_dir);
  }
  if (is_postgres_url(config.db)) {
    return store::open_postgres({.url = config.db,
                                 .pool_size = config.db_pool_size,
                                 .statement_timeout_ms = config.db_statement_timeout_ms,
                                 .now_ms = clock.now_ms()});
  }
  std::string path = (std::filesystem::path(config.data_dir) / "agentry.db").string();
  if (config.db.starts_with("sqlite:")) {
    path = config.db.substr(7);
    if (path.empty()) throw std::invalid_argument("--db sqlite: needs a file path");
  } else if (!config.db.empty()) {
    throw std::invalid_argument("--db must be sqlite:PATH or a postgres:// URL");
  }
  if (create != Create::yes && !std::filesystem::exists(path)) {
    const auto directory = std::filesystem::path(path).parent_path();
    if (!directory.empty() && !std::filesystem::is_directory(directory)) {
      throw std::invalid_argument("the data directory " + directory.string() +
                                  " does not exist: nothing to do");
    }
    if (create == Create::no) {
      throw std::invalid_argument("no database at " + path +
                                  ": nothing to check (agentry serve creates it)");
    }
  }
  return store::open_sqlite(
      {.path = path, .reader_count = config.db_readers, .now_ms = clock.now_ms()});
}

std::unique_ptr<rate_limiter::Limiter> open_rate_limiter(const Config& config, Logger& error_log) {
  if (config.redis.empty()) return std::make_unique<rate_limiter::LocalLimiter>();
  return std::make_unique<redis::RedisRateLimiter>(redis::RateLimiterOptions{
      .url = config.redis,
      .warn = [&error_log](const std::string& message) { error_log.log("warn", message); }});
}

// The access log is buffered and flushed every 50 ms: one write per request was a visible cost.
constexpr std::int64_t access_log_flush_ms = 50;

std::unique_ptr<Logger> open_access_log(const std::string& where) {
  if (where == "off") return std::make_unique<Logger>(nullptr);
  if (where == "stderr") return std::make_unique<Logger>(stderr, access_log_flush_ms);
  if (where == "stdout" || where.empty()) {
    return std::make_unique<Logger>(stdout, access_log_flush_ms);
  }
  return Logger::open_file(where, access_log_flush_ms);
}

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

// The master key, checked against the one the database's secrets were sealed with. A key is made
// only for a database that holds no secrets yet; a restored copy started without its key, or with
// another one, is refused with the reason, before anything else is written.
secrets::Vault open_vault(const Config& config, store::Database& db, const Clock& clock,
                          Logger& error_log) {
  std::string source;
  auto key = find_master_key(config.data_dir, env("AGENTRY_MASTER_KEY"), source);
  if (!key) {
    bool needed = false;
    db.read_blocking([&](store::Tx& tx) { needed = secrets::needs_existing_key(tx); });
    if (needed) {
      throw std::runtime_error(
          "this database has a master key for its secrets, but there is no " + source +
          " and AGENTRY_MASTER_KEY is not set: restore the master key that was backed up with "
          "the database, or give every node the same one (a new key would open none of them)");
    }
    key = create_master_key(config.data_dir);
    error_log.log("info", "created the master key for secrets in " + source +
                              "; back it up: secrets cannot be read without it");
  }
  secrets::Vault vault(*key);
  secrets::KeyFit fit = secrets::KeyFit::matches;
  db.write_blocking(
      [&](store::Tx& tx) { fit = secrets::fit_master_key(tx, vault, clock.now_ms()); });
  if (fit == secrets::KeyFit::differs) {
    throw std::runtime_error("the master key from " + source +
                             " is not the one this database's secrets were sealed with: start "
                             "with that key (every node of a deployment needs the same one)");
  }
  return vault;
}

// What serve() checks of its settings before it writes anything: each refusal names the setting.
struct Checked {
  std::string host;
  std::uint16_t port = 0;
  std::optional<std::pair<std::string, std::uint16_t>> metrics_at;  // --metrics-listen
  http::TrustedProxies trusted_proxies;
  api::CorsPolicy cors;
  plans::Catalog catalog;
  pricing::PriceTable prices;
};

Checked check_settings(const Config& config) {
  std::string host;
  std::uint16_t port = 0;
  split_listen(config.listen, host, port);
  Checked out{.host = host,
              .port = port,
              .trusted_proxies = http::TrustedProxies::parse(config.trusted_proxies),
              .cors = api::CorsPolicy::parse(config.cors_origins),
              .catalog = plans::Catalog(load_plans(config.plans_file)),
              .prices = pricing::PriceTable(load_prices(config.prices_file))};
  if (!config.metrics_listen.empty()) {
    std::string metrics_host;
    std::uint16_t metrics_port = 0;
    split_listen(config.metrics_listen, metrics_host, metrics_port, "--metrics-listen");
    out.metrics_at.emplace(metrics_host, metrics_port);
  }
  const plans::Plan* default_plan = out.catalog.find(config.default_plan);
  if (!default_plan || !default_plan->assignable) {
    throw std::invalid_argument("--default-plan names no plan: " + config.default_plan);
  }
  if (!config.provider_ca_file.empty() &&
      !std::filesystem::is_regular_file(config.provider_ca_file)) {
    throw std::invalid_argument("--provider-ca-file: no such file: " + config.provider_ca_file);
  }
  return out;
}

// The first start makes the admin account; its key is shown once and kept in the data directory.
void create_admin_if_none(const Config& config, store::Database& db, const plans::Catalog& catalog,
                          const Clock& clock) {
  auto key = bootstrap_admin(db, catalog, env("AGENTRY_ADMIN_KEY"), clock.now_ms());
  if (!key) return;
  const std::string path = (std::filesystem::path(config.data_dir) / "admin.key").string();
  write_key_file(path, *key);
  std::cout << "agentry: created the admin account. Admin API key (shown once, also in " << path
            << "):\n  " << *key << "\n"
            << std::flush;
}

// Provider keys come only from the environment, never from flags or the config file.
runtime::ProviderSettings provider_settings(const Config& config) {
  return {.openai_base_url = config.openai_base_url,
          .openai_api_key = env("AGENTRY_OPENAI_API_KEY").value_or(""),
          .anthropic_base_url = config.anthropic_base_url,
          .anthropic_api_key = env("AGENTRY_ANTHROPIC_API_KEY").value_or(""),
          .embeddings_model = config.embeddings_model,
          .embeddings_base_url = config.embeddings_base_url,
          .embeddings_api_key = env("AGENTRY_EMBEDDINGS_API_KEY").value_or(""),
          .ca_file = config.provider_ca_file};
}

runtime::WorkerOptions worker_options(const Config& config, std::int64_t fee_bps,
                                      std::string_view engine, schedules::TermsOf terms_of) {
  return {.max_active = config.run_workers,
          .max_active_per_agent = config.run_agent_concurrency,
          .lease_ms = config.run_lease_ms,
          .poll_ms = limits::queue_poll_ms,
          .max_attempts = limits::run_max_attempts,
          .fee_bps = fee_bps,
          // One SQLite node owns every run: at its start none is running anywhere else.
          .recover_all_at_start = engine == "sqlite",
          .allow_loopback_http = config.allow_loopback_http_endpoints,
          .terms_of = std::move(terms_of)};
}

api::ApiOptions api_options(const Config& config, std::int64_t fee_bps) {
  return {.open_signup = config.open_signup,
          .default_plan = config.default_plan,
          .version = AGENTRY_VERSION,
          .signup_credits = to_micro(config.signup_credits),
          .fee_bps = fee_bps,
          .allow_loopback_http_endpoints = config.allow_loopback_http_endpoints,
          .unauthenticated_per_minute = config.unauthenticated_per_minute,
          .schedule_seconds = config.schedule_seconds,
          .max_waiting_transactions = config.db_queue_limit};
}

// Every route, and the documents generated from their declarations (OpenAPI, llms.txt).
std::unique_ptr<api::Api> make_api(api::Services& services, api::CorsPolicy cors) {
  auto documents = std::make_shared<api::v1::Documents>();
  std::vector<api::RouteSpec> routes = api::v1::all_routes();
  std::vector<api::v1::StreamRoute> streams;
  for (const api::RouteSpec& r : routes) {
    if (r.method == "GET" && r.response_content_type == "text/event-stream") {
      streams.push_back({.path = r.path, .scope = r.scope});
    }
  }
  for (auto& r : api::v1::stream_token_routes(std::move(streams))) routes.push_back(std::move(r));
  for (auto& r : api::v1::system_routes(documents)) routes.push_back(std::move(r));
  for (auto& r : api::docs::all_routes()) routes.push_back(std::move(r));
  for (auto& r : api::dashboard::all_routes()) routes.push_back(std::move(r));
  for (auto& r : api::openai::all_routes()) routes.push_back(std::move(r));
  for (auto& r : api::anthropic::all_routes()) routes.push_back(std::move(r));
  auto mcp = std::make_shared<api::mcp::Server>(services);
  for (auto& r : api::mcp::all_routes(mcp)) routes.push_back(std::move(r));
  auto compat_documents = std::make_shared<api::compat::Documents>();
  const boost::json::object native_schemas = api::v1::component_schemas();
  std::vector<api::compat::Surface> surfaces =
      api::compat::all_surfaces(api::compat::Natives(routes, native_schemas), compat_documents);
  for (auto& surface : surfaces) {
    for (auto& r : surface.routes) routes.push_back(std::move(r));
  }
  auto api = std::make_unique<api::Api>(services, std::move(routes), std::move(cors));
  mcp->attach(*api);
  boost::json::object components = native_schemas;
  for (auto& [name, schema] : api::openai::component_schemas()) components[name] = schema;
  for (auto& [name, schema] : api::anthropic::component_schemas()) components[name] = schema;
  for (auto& [name, schema] : api::mcp::component_schemas()) components[name] = schema;
  const boost::json::object openapi =
      api::openapi_document(api->routes(), AGENTRY_VERSION, std::move(components));
  documents->openapi = api::to_json_text(openapi);
  documents->llms = api::llms_index(openapi);
  documents->llms_full = api::llms_full(openapi);
  for (auto& surface : surfaces) {
    boost::json::object document = api::openapi_document(
        api->routes(), AGENTRY_VERSION, std::move(surface.components), surface.info);
    api::compat::add_referenced_schemas(document, native_schemas);
    compat_documents->llms_full[surface.info.prefix] = api::llms_full(document);
    compat_documents->openapi[surface.info.prefix] = api::to_json_text(document);
  }
  return api;
}

http::ServerOptions server_options(const Config& config, const Checked& checked) {
  return {.host = checked.host,
          .port = checked.port,
          .max_connections = config.max_connections,
          .max_body_bytes = limits::max_body_bytes,
          .max_header_bytes = limits::max_header_bytes,
          .header_timeout_ms = config.header_timeout_ms,
          .body_timeout_ms = config.body_timeout_ms,
          .idle_timeout_ms = config.idle_timeout_ms,
          .write_timeout_ms = limits::write_timeout_ms,
          .trusted_proxies = checked.trusted_proxies};
}

// The --metrics-listen address answers GET /metrics alone, without a key: it is meant for a
// network only the operator's Prometheus reaches.
asio::awaitable<http::Response> metrics_only(api::Services& services, http::Request request) {
  if (request.method == "GET" && request.path == "/metrics") {
    co_return co_await api::prometheus_reply(services);
  }
  co_return http::error_response(404, "not_found",
                                 "this address serves GET /metrics only; the API is on --listen",
                                 request.request_id);
}

// Serves until SIGINT or SIGTERM, then drains: readiness off, no new work, the connections given
// until the drain deadline to finish; returns once the background work has stopped.
void run_until_signalled(http::IoPool& pool, http::Server& server, http::Server* metrics_server,
                         Housekeeping& housekeeping, runtime::RunWorker& worker,
                         runtime::DeliveryWorker& deliveries, runtime::ScheduleWorker& schedules,
                         api::Services& services, Logger& error_log) {
  asio::io_context& control = pool.context(0);
  asio::signal_set signals(control, SIGINT, SIGTERM);
  asio::steady_timer drain_deadline(control);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    error_log.log("info", "signal " + std::to_string(signal) + ": draining");
    services.ready = false;
    housekeeping.stop();
    worker.stop();
    deliveries.stop();
    schedules.stop();
    if (metrics_server) metrics_server->shutdown([] {});
    server.shutdown([&pool] { pool.stop(); });
    drain_deadline.expires_after(std::chrono::milliseconds(limits::drain_timeout_ms));
    drain_deadline.async_wait([&](const boost::system::error_code& timer_ec) {
      if (timer_ec) return;
      error_log.log("warn", "drain deadline passed: closing the remaining connections");
      pool.stop();
    });
  });
  pool.run();
  housekeeping.finish();
  worker.finish();
  deliveries.finish();
  schedules.finish();
}

}  // namespace

int migrate(const Config& config) {
  SystemClock clock;
  auto db = open_database(config, clock, Create::database_only);
  std::cout << "agentry: " << db->migrations_applied()
            << " migration(s) applied; schema at version " << store::all_migrations().back().version
            << "\n";
  db->close();
  return 0;
}

int check(const Config& config) {
  SystemClock clock;
  auto db = open_database(config, clock, Create::no);
  ledger::Audit audit;
  db->read_blocking([&](store::Tx& tx) { audit = ledger::audit(tx, db->engine()); });
  std::vector<std::string> problems = audit.violations;
  for (const auto& p : audit.integrity_problems) problems.push_back("integrity_check: " + p);
  // The master key against the stored secrets, read only: check never makes or records a key.
  std::string source;
  const auto key = find_master_key(config.data_dir, env("AGENTRY_MASTER_KEY"), source);
  db->read_blocking([&](store::Tx& tx) {
    if (!key) {
      if (secrets::holds_secrets(tx)) {
        problems.push_back("master key: the database holds sealed secrets, but there is no " +
                           source + " and AGENTRY_MASTER_KEY is not set");
      }
      return;
    }
    const secrets::Vault vault(*key);
    if (secrets::recorded_key_differs(tx, vault)) {
      problems.push_back("master key: the key from " + source +
                         " is not the one this database's secrets were sealed with");
    }
    const auto secrets_audit = secrets::audit(tx, vault);
    if (secrets_audit.unreadable > 0) {
      problems.push_back("master key: " + std::to_string(secrets_audit.unreadable) + " of " +
                         std::to_string(secrets_audit.total) +
                         " secrets do not open with the key from " + source);
    }
  });
  db->close();
  for (const auto& p : problems) std::cout << "agentry check: " << p << "\n";
  if (problems.empty()) std::cout << "agentry check: ok\n";
  return problems.empty() ? 0 : 1;
}

int serve(const Config& config) {
  // Events render their objects as /v1 shows them; installed before anything is written.
  events::install_writer(views::event_object);
  SystemClock clock;
  Logger error_log(stderr);
  const Checked checked = check_settings(config);
  http::check_can_listen(checked.host, checked.port);  // before anything is written
  if (checked.metrics_at)
    http::check_can_listen(checked.metrics_at->first, checked.metrics_at->second);
  auto db = open_database(config, clock, Create::yes);
  if (db->migrations_applied() > 0) {
    error_log.log("info", "applied " + std::to_string(db->migrations_applied()) + " migration(s)");
  }
  const secrets::Vault vault = open_vault(config, *db, clock, error_log);
  create_admin_if_none(config, *db, checked.catalog, clock);
  try {
    db->write_blocking([&](store::Tx& tx) { skills::install_builtins(tx, clock.now_ms()); });
  } catch (const store::UniqueViolation&) {
    // Another node starting at the same moment added them.
  }

  auto access_log = open_access_log(config.access_log);
  std::unique_ptr<rate_limiter::Limiter> limiter = open_rate_limiter(config, error_log);
  auth::KeyCache keys(*db);
  store::ReadCache<store::AgentRecord> agents(
      {db->changes_of("agents")}, limits::agent_cache_max_bytes, store::approximate_bytes);
  usage::RequestCounter requests;
  api::StreamSlots streams;
  runtime::Notifier notifier;
  api::StreamReads stream_reads(notifier);
  // What committed transactions signal on any node (an agent logged, a run moved) wakes this
  // node's waiters; unhooked before the notifier goes, whatever the way out of this scope.
  db->on_signal([&notifier](const std::string& key) {
    if (key == store::Database::every_signal) {
      notifier.notify_all();
    } else {
      notifier.notify(key);
    }
  });
  const std::unique_ptr<store::Database, void (*)(store::Database*)> unhook(
      db.get(), [](store::Database* d) { d->on_signal(nullptr); });
  runtime::Providers providers(provider_settings(config));
  const std::int64_t fee_bps = std::llround(config.platform_fee_percent * 100);
  runtime::RunWorker worker(
      *db, clock, checked.prices, providers, vault, notifier,
      worker_options(config, fee_bps, db->engine(),
                     schedules::terms_by_plan(checked.catalog, checked.prices)),
      error_log);
  // Webhooks trust the system's certificate authorities, whatever the providers' setting.
  runtime::HttpClient webhook_client;
  runtime::DeliveryWorker deliveries(
      *db, clock, webhook_client, vault, notifier,
      {.retry_scale_ppm = std::llround(config.webhook_retry_scale * 1e6),
       // One SQLite node owns every delivery: at its start none is in flight anywhere else.
       .release_all_at_start = db->engine() == "sqlite",
       .allow_loopback_http = config.allow_loopback_http_endpoints,
       .public_url = config.public_url.empty() ? "http://" + config.listen : config.public_url},
      error_log);
  runtime::ScheduleWorker schedules(
      *db, clock, schedules::terms_by_plan(checked.catalog, checked.prices),
      {.db = *db,
       .providers = providers,
       .vault = vault,
       .prices = checked.prices,
       .clock = clock,
       .log = error_log,
       .fee_bps = fee_bps,
       .time_limit_ms = limits::run_timeout_ms},
      notifier, [&worker] { worker.wake(); }, {}, error_log);
  api::Services services{.db = *db,
                         .clock = clock,
                         .catalog = checked.catalog,
                         .limiter = *limiter,
                         .keys = keys,
                         .agents = agents,
                         .requests = requests,
                         .vault = vault,
                         .streams = streams,
                         .stream_reads = stream_reads,
                         .prices = checked.prices,
                         .worker = worker,
                         .deliveries = deliveries,
                         .schedules = schedules,
                         .notifier = notifier,
                         .providers = providers,
                         .log = error_log,
                         .options = api_options(config, fee_bps)};
  Housekeeping housekeeping(
      services,
      {.interval_ms = config.housekeeping_interval_ms,
       .event_retention_ms = config.event_retention_days * 24 * 3600 * 1000,
       .activity_retention_ms = config.activity_retention_days * 24 * 3600 * 1000},
      error_log);
  const std::unique_ptr<api::Api> api = make_api(services, checked.cors);

  const std::size_t thread_count =
      config.threads > 0 ? config.threads : std::max(1U, std::thread::hardware_concurrency());
  http::IoPool pool(thread_count);
  http::Server server(
      pool, server_options(config, checked),
      [&api](http::Request request) { return api->handle(std::move(request)); }, *access_log,
      error_log);
  server.start();
  error_log.log("info", "agentry " AGENTRY_VERSION " listening on " + checked.host + ":" +
                            std::to_string(server.port()) + " (" + std::string(db->engine()) +
                            ", data in " + config.data_dir +
                            (config.redis.empty() ? "" : ", rate limits in Redis") + ")");
  std::unique_ptr<http::Server> metrics_server;
  if (checked.metrics_at) {
    http::ServerOptions options = server_options(config, checked);
    options.host = checked.metrics_at->first;
    options.port = checked.metrics_at->second;
    metrics_server = std::make_unique<http::Server>(
        pool, options,
        [&services](http::Request request) { return metrics_only(services, std::move(request)); },
        *access_log, error_log);
    metrics_server->start();
    error_log.log("info", "metrics on " + options.host + ":" +
                              std::to_string(metrics_server->port()) + "/metrics");
  }
  housekeeping.start(pool.context(0));
  std::vector<asio::io_context*> contexts;
  for (std::size_t i = 0; i < pool.size(); ++i) contexts.push_back(&pool.context(i));
  worker.start(contexts);
  deliveries.start(std::move(contexts));
  schedules.start(pool.context(0));
  run_until_signalled(pool, server, metrics_server.get(), housekeeping, worker, deliveries,
                      schedules, services, error_log);
  db->close();
  error_log.log("info", "stopped");
  return 0;
}

}  // namespace agentry::app
