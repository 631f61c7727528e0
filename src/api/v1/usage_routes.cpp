#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/v1/agent_access.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/clock.hpp"
#include "core/limits.hpp"
#include "domain/agent_stats.hpp"
#include "domain/usage.hpp"
#include "views/usage.hpp"

// GET /v1/usage, GET /v1/metrics and GET /v1/agents/{id}/metrics: what an account used, and
// how its agents did, read from rollups.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

Result<std::int64_t> day_param(const Call& call, std::string_view name, std::int64_t fallback) {
  auto v = call.query_value(name);
  if (!v) return fallback;
  auto at = v->size() == 10 ? parse_rfc3339(*v + "T00:00:00Z") : std::nullopt;
  if (!at) {
    return make_error(Errc::validation_error, std::string(name) + ": must be a day, YYYY-MM-DD",
                      std::string(name));
  }
  return *at;
}

asio::awaitable<http::Response> get_usage(Call& call) {
  const std::int64_t today = call.now_ms / ms_per_day * ms_per_day;
  auto from = day_param(call, "from", today - 29 * ms_per_day);
  if (!from) co_return error_reply(call, from.error());
  auto to = day_param(call, "to", today);
  if (!to) co_return error_reply(call, to.error());
  if (*to < *from || *to - *from >= limits::usage_max_days * ms_per_day) {
    co_return error_reply(call,
                          make_error(Errc::validation_error,
                                     "to: must be on or after from, at most " +
                                         std::to_string(limits::usage_max_days) + " days later",
                                     "to"));
  }
  const auto group_by = call.query_value("groupBy");
  auto group = store::UsageGroup::none;
  if (group_by) {
    auto named = usage::group_named(*group_by);
    if (!named) {
      co_return error_reply(call, make_error(Errc::validation_error,
                                             "groupBy: must be model, agent or key", "groupBy"));
    }
    group = *named;
  }
  auto used = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return usage::report(tx, call.account_id(), *from, *to, group);
  });
  co_return data_reply(
      200, [&](JsonWriter& w) { views::write_usage_report(w, *from, *to, group_by, used); });
}

Result<agent_stats::Window> window_of(const Call& call) {
  return agent_stats::window_named(call.query_value("window").value_or("24h"));
}

asio::awaitable<http::Response> get_metrics(Call& call) {
  auto window = window_of(call);
  if (!window) co_return error_reply(call, window.error());
  auto report = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agent_stats::report(tx, call.account_id(), std::nullopt, *window, call.now_ms);
  });
  co_return data_reply(
      200, [&](JsonWriter& w) { views::write_metrics_report(w, window->name, report); });
}

asio::awaitable<http::Response> get_agent_metrics(Call& call) {
  auto window = window_of(call);
  if (!window) co_return error_reply(call, window.error());
  const std::string id = call.param("id");
  auto agent = co_await own_agent(call, id);
  if (!agent) co_return error_reply(call, make_error(Errc::not_found, "no agent with id " + id));
  auto report = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agent_stats::report(tx, call.account_id(), id, *window, call.now_ms);
  });
  co_return data_reply(200, [&](JsonWriter& w) {
    views::write_agent_metrics(w, id, agent->name, window->name, report);
  });
}

QueryParam window_param() {
  return {"window", R"({"type":"string","enum":["1h","24h","7d","30d"],"default":"24h"})",
          "The window: the last 12 five-minute buckets (1h), 288 of them (24h), the last 168 "
          "hours (7d) or 720 (30d), the current one included."};
}

}  // namespace

std::vector<RouteSpec> usage_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "GET",
               .path = "/v1/usage",
               .operation_id = "getUsage",
               .tag = "Usage",
               .summary =
                   "Requests, tokens and credits spent and earned per day, in all or by model, "
                   "agent or key",
               .scope = "usage:read",
               .query = {{"from", R"({"type":"string","format":"date"})",
                          "First day (UTC), YYYY-MM-DD; default 29 days before to."},
                         {"to", R"({"type":"string","format":"date"})",
                          "Last day (UTC), YYYY-MM-DD; default today."},
                         {"groupBy", R"({"type":"string","enum":["model","agent","key"]})",
                          "Split the usage by model, agent or API key."}},
               .response_schema = data_of("Usage"),
               .handler = get_usage});
  r.push_back({.method = "GET",
               .path = "/v1/metrics",
               .operation_id = "getMetrics",
               .tag = "Usage",
               .summary = "How your agents did over a window: runs by outcome, success rate, "
                          "duration p50/p95, tokens, cost, chat turns, tasks, ratings; in all "
                          "and per agent",
               .scope = "usage:read",
               .query = {window_param()},
               .response_schema = data_of("Metrics"),
               .handler = get_metrics});
  r.push_back({.method = "GET",
               .path = "/v1/agents/{id}/metrics",
               .operation_id = "getAgentMetrics",
               .tag = "Usage",
               .summary = "How one of your agents did over a window, whoever ran it",
               .scope = "usage:read",
               .query = {window_param()},
               .response_schema = data_of("AgentMetrics"),
               .handler = get_agent_metrics});
  return r;
}

}  // namespace agentry::api::v1
