#include "views/usage.hpp"

#include <cmath>

#include "core/clock.hpp"
#include "views/values.hpp"

namespace agentry::views {
namespace {

// The amounts' fields, inside an object the caller opened.
void write_amounts(JsonWriter& w, const store::UsageAmounts& a) {
  w.key("requests").integer(a.requests);
  w.key("inputTokens").integer(a.input_tokens).key("outputTokens").integer(a.output_tokens);
  w.key("creditsSpent");
  write_credits(w, a.spent_micro);
  w.key("creditsEarned");
  write_credits(w, a.earned_micro);
}

void write_days(JsonWriter& w, const std::vector<usage::Day>& days) {
  w.begin_array();
  for (const usage::Day& d : days) {
    w.begin_object().key("date").string(d.day);
    write_amounts(w, d.amounts);
    w.end_object();
  }
  w.end_array();
}

// A ratio to four decimals, or null when nothing was counted.
void write_ratio(JsonWriter& w, std::int64_t part, std::int64_t whole) {
  if (whole == 0) {
    w.null();
  } else {
    w.number(std::round(static_cast<double>(part) * 10'000 / static_cast<double>(whole)) / 10'000);
  }
}

// The figures' fields, inside an object the caller opened.
void write_figures(JsonWriter& w, const agent_stats::Figures& f) {
  const store::AgentStats& s = f.stats;
  w.key("runs").begin_object();
  w.key("created").integer(s.runs_created).key("completed").integer(s.runs_completed);
  w.key("failed").integer(s.runs_failed).key("cancelled").integer(s.runs_cancelled);
  w.end_object();
  w.key("successRate");
  write_ratio(w, s.runs_completed, s.runs_completed + s.runs_failed);
  w.key("durationMs").begin_object();
  w.key("p50").optional_integer(f.p50_ms).key("p95").optional_integer(f.p95_ms);
  w.end_object();
  w.key("inputTokens").integer(s.input_tokens).key("outputTokens").integer(s.output_tokens);
  w.key("cost");
  write_credits(w, s.cost_micro);
  w.key("chatTurns").integer(s.chat_turns).key("tasksCompleted").integer(s.tasks_completed);
  w.key("rating").begin_object().key("average");
  write_ratio(w, s.rating_sum, s.rating_count);
  w.key("count").integer(s.rating_count).end_object();
}

void write_window(JsonWriter& w, std::string_view window, const agent_stats::Report& report) {
  w.key("window").string(window);
  w.key("from");
  write_timestamp(w, report.from_ms);
  w.key("to");
  write_timestamp(w, report.to_ms);
}

}  // namespace

void write_usage_report(JsonWriter& w, std::int64_t from_day_ms, std::int64_t to_day_ms,
                        const std::optional<std::string>& group_by, const usage::Report& report) {
  w.begin_object();
  w.key("from").string(utc_date(from_day_ms)).key("to").string(utc_date(to_day_ms));
  w.key("groupBy").optional_string(group_by);
  w.key("total").begin_object();
  write_amounts(w, report.total);
  w.end_object();
  w.key("days");
  write_days(w, report.days);
  w.key("groups");
  if (!group_by) {
    w.null();
  } else {
    w.begin_array();
    for (const usage::Group& g : report.groups) {
      w.begin_object().key("id");
      if (g.id.empty()) {
        w.null();
      } else {
        w.string(g.id);
      }
      w.key("name").optional_string(g.name);
      w.key("total").begin_object();
      write_amounts(w, g.total);
      w.end_object().key("days");
      write_days(w, g.days);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

void write_metrics_report(JsonWriter& w, std::string_view window,
                          const agent_stats::Report& report) {
  w.begin_object();
  write_window(w, window, report);
  w.key("total").begin_object();
  write_figures(w, report.total);
  w.end_object().key("agents").begin_array();
  for (const agent_stats::AgentFigures& a : report.agents) {
    w.begin_object().key("agentId").string(a.agent_id).key("name").optional_string(a.name);
    write_figures(w, a.figures);
    w.end_object();
  }
  w.end_array().end_object();
}

void write_agent_metrics(JsonWriter& w, const std::string& agent_id, const std::string& name,
                         std::string_view window, const agent_stats::Report& report) {
  w.begin_object().key("agentId").string(agent_id).key("name").string(name);
  write_window(w, window, report);
  write_figures(w, report.total);
  w.end_object();
}

}  // namespace agentry::views
