#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/run_records.hpp"
#include "store/usage_records.hpp"

// Each agent's figures over a recent window (GET /v1/metrics, GET /v1/agents/{id}/metrics):
// runs by how they ended, success rate, run duration percentiles, tokens, cost, chat turns,
// tasks completed and ratings. They are added up as things happen, in their transactions, into
// time buckets of two sizes: five minutes (kept a day and an hour) for the 1 h and 24 h
// windows, an hour (kept 31 days) for the 7 d and 30 d ones. The figures belong to the agent's
// owner, whoever ran the agent.
namespace agentry::agent_stats {

inline constexpr std::int64_t fine_span_ms = std::int64_t{5} * 60'000;
inline constexpr std::int64_t coarse_span_ms = 3'600'000;

// Adds `delta` to the agent's buckets of `at_ms`, and a run's duration when there is one;
// `owner` is the agent's account.
void add(store::Tx& tx, const std::string& owner, const std::string& agent_id, std::int64_t at_ms,
         const store::AgentStats& delta, std::optional<std::int64_t> duration_ms = std::nullopt);

// A run created, or ended (its status completed, failed or cancelled; its tokens, cost and
// duration counted).
void run_created(store::Tx& tx, const store::RunRecord& run, std::int64_t now_ms);
void run_ended(store::Tx& tx, const store::RunRecord& run, std::int64_t now_ms);

// A window of time a report covers.
struct Window {
  std::string_view name;  // 1h | 24h | 7d | 30d
  std::int64_t span_ms = 0;
  std::int64_t buckets = 0;
};
// The window a `window` parameter names. Errors: validation_error (field window) listing them.
Result<Window> window_named(std::string_view name);

struct Figures {
  store::AgentStats stats;
  std::optional<std::int64_t> p50_ms;  // of the durations of runs that completed or failed
  std::optional<std::int64_t> p95_ms;
};
struct AgentFigures {
  std::string agent_id;
  std::optional<std::string> name;
  Figures figures;
};
struct Report {
  std::int64_t from_ms = 0;  // the start of the window's first bucket
  std::int64_t to_ms = 0;    // now
  Figures total;
  std::vector<AgentFigures> agents;  // agents with any figure in the window, by id
};

// The figures of the owner's agents (or of `agent_id` alone) over `window` up to `now_ms`: the
// last `window.buckets` buckets of its span, the current one included.
Report report(store::Tx& tx, const std::string& owner, const std::optional<std::string>& agent_id,
              const Window& window, std::int64_t now_ms);

// Removes the buckets past their keeping; how many rows went.
std::int64_t prune(store::Tx& tx, std::int64_t now_ms);

}  // namespace agentry::agent_stats
