#include "store/usage_queries.hpp"

#include <array>
#include <string>

#include "store/where.hpp"

namespace agentry::store {
namespace {

// The column a usage report groups by, and the table its names come from (none for a model).
struct GroupColumn {
  std::string_view column;
  std::string_view names;
};
GroupColumn column_of(UsageGroup group) {
  switch (group) {
    case UsageGroup::model:
      return {"model", ""};
    case UsageGroup::agent:
      return {"agent_id", "agents"};
    case UsageGroup::key:
      return {"key_id", "api_keys"};
    case UsageGroup::none:
      break;
  }
  return {"''", ""};
}

// agent_stats' figures, in AgentStats' order.
constexpr std::array<std::string_view, 11> stats_columns = {
    "runs_created",    "runs_completed", "runs_failed", "runs_cancelled",
    "input_tokens",    "output_tokens",  "cost_micro",  "chat_turns",
    "tasks_completed", "rating_sum",     "rating_count"};

// `each(column)` for every figure, joined by ", ".
template <typename Each>
std::string each_stat(Each each) {
  std::string out;
  for (std::string_view column : stats_columns) {
    if (!out.empty()) out += ", ";
    out += each(std::string(column));
  }
  return out;
}

std::string sum_of(std::string_view column) {
  return "CAST(SUM(" + std::string(column) + ") AS BIGINT)";
}

}  // namespace

void add_usage(Tx& tx, std::string_view account_id, std::string_view day, std::string_view key_id,
               std::string_view agent_id, std::string_view model, const UsageAmounts& a) {
  tx.exec_later(
      "INSERT INTO usage_days (account_id, day, key_id, agent_id, model, requests, input_tokens, "
      "output_tokens, spent_micro, earned_micro) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "ON CONFLICT (account_id, day, key_id, agent_id, model) DO UPDATE SET "
      "requests = usage_days.requests + excluded.requests, "
      "input_tokens = usage_days.input_tokens + excluded.input_tokens, "
      "output_tokens = usage_days.output_tokens + excluded.output_tokens, "
      "spent_micro = usage_days.spent_micro + excluded.spent_micro, "
      "earned_micro = usage_days.earned_micro + excluded.earned_micro",
      {std::string(account_id), std::string(day), std::string(key_id), std::string(agent_id),
       std::string(model), a.requests, a.input_tokens, a.output_tokens, a.spent_micro,
       a.earned_micro});
}

std::vector<UsageRow> usage_rows(Tx& tx, std::string_view account_id, std::string_view from_day,
                                 std::string_view to_day, UsageGroup group) {
  const GroupColumn g = column_of(group);
  std::string sql = "SELECT u.day, u.grp, ";
  sql += g.names.empty() ? "NULL" : "n.name";
  sql += ", u.r, u.i, u.o, u.s, u.e FROM (SELECT day, ";
  sql += g.column;
  sql += " AS grp, " + sum_of("requests") + " AS r, " + sum_of("input_tokens") + " AS i, " +
         sum_of("output_tokens") + " AS o, " + sum_of("spent_micro") + " AS s, " +
         sum_of("earned_micro") +
         " AS e FROM usage_days WHERE account_id = $1 AND day >= $2 AND day <= $3 GROUP BY day";
  if (group != UsageGroup::none) sql += ", " + std::string(g.column);
  sql += ") u";
  if (!g.names.empty()) sql += " LEFT JOIN " + std::string(g.names) + " n ON n.id = u.grp";
  sql += " ORDER BY u.grp, u.day";
  std::vector<UsageRow> out;
  for (Row& r :
       tx.query(sql, {std::string(account_id), std::string(from_day), std::string(to_day)})) {
    UsageRow row{.day = r.take_text(0), .group = r.take_text(1), .name = r.take_optional_text(2)};
    row.amounts = {.requests = r.integer(3),
                   .input_tokens = r.integer(4),
                   .output_tokens = r.integer(5),
                   .spent_micro = r.integer(6),
                   .earned_micro = r.integer(7)};
    out.push_back(std::move(row));
  }
  return out;
}

void add_agent_stats(Tx& tx, std::string_view account_id, std::string_view agent_id,
                     const StatsBuckets& buckets, const AgentStats& d) {
  // One statement for both buckets: $1 $2 the agent, $3..$6 the buckets, $7.. the figures.
  static const std::string sql = [] {
    int n = 6;
    const std::string figures =
        each_stat([&n](const std::string&) { return "$" + std::to_string(++n); });
    return "INSERT INTO agent_stats (account_id, agent_id, span_ms, start_ms, " +
           each_stat([](const std::string& c) { return c; }) + ") VALUES ($1, $2, $3, $4, " +
           figures + "), ($1, $2, $5, $6, " + figures +
           ") ON CONFLICT (account_id, agent_id, span_ms, start_ms) DO UPDATE SET " +
           each_stat(
               [](const std::string& c) { return c + " = agent_stats." + c + " + excluded." + c; });
  }();
  tx.exec(sql, {std::string(account_id), std::string(agent_id), buckets[0].span_ms,
                buckets[0].start_ms, buckets[1].span_ms, buckets[1].start_ms, d.runs_created,
                d.runs_completed, d.runs_failed, d.runs_cancelled, d.input_tokens, d.output_tokens,
                d.cost_micro, d.chat_turns, d.tasks_completed, d.rating_sum, d.rating_count});
}

void add_agent_duration(Tx& tx, std::string_view account_id, std::string_view agent_id,
                        const StatsBuckets& buckets, int bucket) {
  tx.exec(
      "INSERT INTO agent_durations (account_id, agent_id, span_ms, start_ms, bucket, count) "
      "VALUES ($1, $2, $3, $4, $7, 1), ($1, $2, $5, $6, $7, 1) ON CONFLICT (account_id, "
      "agent_id, span_ms, start_ms, bucket) DO UPDATE SET count = agent_durations.count + 1",
      {std::string(account_id), std::string(agent_id), buckets[0].span_ms, buckets[0].start_ms,
       buckets[1].span_ms, buckets[1].start_ms, static_cast<std::int64_t>(bucket)});
}

std::vector<AgentStatsRow> agent_stats_since(Tx& tx, std::string_view account_id,
                                             const std::optional<std::string>& agent_id,
                                             std::int64_t span_ms, std::int64_t from_ms) {
  Where where("s.account_id = $1 AND s.span_ms = $2 AND s.start_ms >= $3",
              {std::string(account_id), span_ms, from_ms});
  if (agent_id) where.compare("s.agent_id", "=", *agent_id);
  const std::string sql = "SELECT s.agent_id, a.name, " +
                          each_stat([](const std::string& c) { return sum_of("s." + c); }) +
                          " FROM agent_stats s LEFT JOIN agents a ON a.id = s.agent_id WHERE " +
                          where.text() + " GROUP BY s.agent_id, a.name ORDER BY s.agent_id";
  std::vector<AgentStatsRow> out;
  for (Row& r : tx.query(sql, where.params())) {
    AgentStatsRow row{.agent_id = r.take_text(0), .name = r.take_optional_text(1)};
    row.stats = {.runs_created = r.integer(2),
                 .runs_completed = r.integer(3),
                 .runs_failed = r.integer(4),
                 .runs_cancelled = r.integer(5),
                 .input_tokens = r.integer(6),
                 .output_tokens = r.integer(7),
                 .cost_micro = r.integer(8),
                 .chat_turns = r.integer(9),
                 .tasks_completed = r.integer(10),
                 .rating_sum = r.integer(11),
                 .rating_count = r.integer(12)};
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<DurationCount> agent_durations_since(Tx& tx, std::string_view account_id,
                                                 const std::optional<std::string>& agent_id,
                                                 std::int64_t span_ms, std::int64_t from_ms) {
  Where where("account_id = $1 AND span_ms = $2 AND start_ms >= $3",
              {std::string(account_id), span_ms, from_ms});
  if (agent_id) where.compare("agent_id", "=", *agent_id);
  std::vector<DurationCount> out;
  for (Row& r :
       tx.query("SELECT agent_id, bucket, " + sum_of("count") + " FROM agent_durations WHERE " +
                    where.text() + " GROUP BY agent_id, bucket ORDER BY agent_id, bucket",
                where.params())) {
    out.push_back({.agent_id = r.take_text(0),
                   .bucket = static_cast<int>(r.integer(1)),
                   .count = r.integer(2)});
  }
  return out;
}

std::int64_t prune_agent_stats(Tx& tx, std::int64_t span_ms, std::int64_t before_ms) {
  std::int64_t removed = 0;
  for (std::string_view table : {"agent_stats", "agent_durations"}) {
    removed +=
        tx.exec("DELETE FROM " + std::string(table) + " WHERE span_ms = $1 AND start_ms < $2",
                {span_ms, before_ms});
  }
  return removed;
}

}  // namespace agentry::store
