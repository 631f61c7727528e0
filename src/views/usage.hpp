#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/agent_stats.hpp"
#include "domain/usage.hpp"
#include "views/json_writer.hpp"

// Usage reports and agent figures as /v1 shows them.
namespace agentry::views {

// GET /v1/usage: the account's usage from the UTC day starting at `from_day_ms` through
// `to_day_ms`, grouped by `group_by` (model, agent or key) when given.
void write_usage_report(JsonWriter& w, std::int64_t from_day_ms, std::int64_t to_day_ms,
                        const std::optional<std::string>& group_by, const usage::Report& report);

// GET /v1/metrics: the window, the owner's totals and each agent's figures.
void write_metrics_report(JsonWriter& w, std::string_view window,
                          const agent_stats::Report& report);
// GET /v1/agents/{id}/metrics: one agent's figures over the window.
void write_agent_metrics(JsonWriter& w, const std::string& agent_id, const std::string& name,
                         std::string_view window, const agent_stats::Report& report);

}  // namespace agentry::views
