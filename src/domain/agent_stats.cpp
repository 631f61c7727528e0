#include "domain/agent_stats.hpp"

#include <array>
#include <map>

#include "core/log_histogram.hpp"
#include "store/usage_queries.hpp"

namespace agentry::agent_stats {
namespace {

constexpr std::array<Window, 4> windows = {{{"1h", fine_span_ms, 12},
                                            {"24h", fine_span_ms, 288},
                                            {"7d", coarse_span_ms, 168},
                                            {"30d", coarse_span_ms, 720}}};
// How long buckets are kept: a bucket longer than the longest window that reads it.
constexpr std::int64_t fine_keep_ms = std::int64_t{25} * coarse_span_ms;
constexpr std::int64_t coarse_keep_ms = std::int64_t{31} * 24 * coarse_span_ms;

void add_to(store::AgentStats& sum, const store::AgentStats& more) {
  sum.runs_created += more.runs_created;
  sum.runs_completed += more.runs_completed;
  sum.runs_failed += more.runs_failed;
  sum.runs_cancelled += more.runs_cancelled;
  sum.input_tokens += more.input_tokens;
  sum.output_tokens += more.output_tokens;
  sum.cost_micro += more.cost_micro;
  sum.chat_turns += more.chat_turns;
  sum.tasks_completed += more.tasks_completed;
  sum.rating_sum += more.rating_sum;
  sum.rating_count += more.rating_count;
}

using Histogram = std::vector<std::pair<int, std::int64_t>>;

Figures figures_of(const store::AgentStats& stats, const Histogram& durations) {
  return {.stats = stats,
          .p50_ms = log_histogram::quantile(durations, 0.5),
          .p95_ms = log_histogram::quantile(durations, 0.95)};
}

}  // namespace

void add(store::Tx& tx, const std::string& owner, const std::string& agent_id, std::int64_t at_ms,
         const store::AgentStats& delta, std::optional<std::int64_t> duration_ms) {
  const store::StatsBuckets buckets = {{{fine_span_ms, at_ms - at_ms % fine_span_ms},
                                        {coarse_span_ms, at_ms - at_ms % coarse_span_ms}}};
  store::add_agent_stats(tx, owner, agent_id, buckets, delta);
  if (duration_ms) {
    store::add_agent_duration(tx, owner, agent_id, buckets, log_histogram::bucket_of(*duration_ms));
  }
}

void run_created(store::Tx& tx, const store::RunRecord& run, std::int64_t now_ms) {
  add(tx, run.agent_account_id, run.agent_id, now_ms, {.runs_created = 1});
}

void run_ended(store::Tx& tx, const store::RunRecord& run, std::int64_t now_ms) {
  store::AgentStats delta{.input_tokens = run.input_tokens,
                          .output_tokens = run.output_tokens,
                          .cost_micro = run.cost_micro};
  if (run.status == "completed") delta.runs_completed = 1;
  if (run.status == "failed") delta.runs_failed = 1;
  if (run.status == "cancelled") delta.runs_cancelled = 1;
  // A cancelled run's time is the caller's choice, not the agent's speed.
  std::optional<std::int64_t> duration_ms;
  if (run.status != "cancelled" && run.started_at_ms && run.finished_at_ms) {
    duration_ms = *run.finished_at_ms - *run.started_at_ms;
  }
  add(tx, run.agent_account_id, run.agent_id, now_ms, delta, duration_ms);
}

Result<Window> window_named(std::string_view name) {
  std::string names;
  for (const Window& w : windows) {
    if (w.name == name) return w;
    names += (names.empty() ? "" : ", ") + std::string(w.name);
  }
  return make_error(Errc::validation_error, "window: must be one of " + names, "window");
}

Report report(store::Tx& tx, const std::string& owner, const std::optional<std::string>& agent_id,
              const Window& window, std::int64_t now_ms) {
  Report out{.from_ms = now_ms - now_ms % window.span_ms - (window.buckets - 1) * window.span_ms,
             .to_ms = now_ms};
  std::map<std::string, Histogram> durations;
  Histogram all_durations;
  for (const store::DurationCount& d :
       store::agent_durations_since(tx, owner, agent_id, window.span_ms, out.from_ms)) {
    durations[d.agent_id].emplace_back(d.bucket, d.count);
    all_durations.emplace_back(d.bucket, d.count);
  }
  store::AgentStats total;
  for (store::AgentStatsRow& row :
       store::agent_stats_since(tx, owner, agent_id, window.span_ms, out.from_ms)) {
    add_to(total, row.stats);
    out.agents.push_back({.agent_id = row.agent_id,
                          .name = std::move(row.name),
                          .figures = figures_of(row.stats, durations[row.agent_id])});
  }
  out.total = figures_of(total, all_durations);
  return out;
}

std::int64_t prune(store::Tx& tx, std::int64_t now_ms) {
  return store::prune_agent_stats(tx, fine_span_ms, now_ms - fine_keep_ms) +
         store::prune_agent_stats(tx, coarse_span_ms, now_ms - coarse_keep_ms);
}

}  // namespace agentry::agent_stats
