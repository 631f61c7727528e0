#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

// Usage and agent figures as the store keeps them: rollups added to as things happen, so that
// a report reads a few rows per day or per time bucket instead of the history.
namespace agentry::store {

// What an account used in one UTC day along one key, agent and model (each "" when none).
struct UsageAmounts {
  std::int64_t requests = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t spent_micro = 0;   // paid out of the wallet to others (the platform's fee too)
  std::int64_t earned_micro = 0;  // paid into the wallet by others
};

// Which dimension a usage report splits by.
enum class UsageGroup { none, model, agent, key };

struct UsageRow {
  std::string day;    // YYYY-MM-DD
  std::string group;  // the model, agent id or key id; "" for usage without one (or no grouping)
  std::optional<std::string> name;  // the agent's or key's name, when it still exists
  UsageAmounts amounts;
};

// What one agent did within a time bucket.
struct AgentStats {
  std::int64_t runs_created = 0;
  std::int64_t runs_completed = 0;
  std::int64_t runs_failed = 0;
  std::int64_t runs_cancelled = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cost_micro = 0;  // what its runs and chat turns were charged
  std::int64_t chat_turns = 0;
  std::int64_t tasks_completed = 0;
  std::int64_t rating_sum = 0;
  std::int64_t rating_count = 0;
};

// A time bucket of agent figures: its span and start.
struct StatsBucket {
  std::int64_t span_ms = 0;
  std::int64_t start_ms = 0;
};
using StatsBuckets = std::array<StatsBucket, 2>;

struct AgentStatsRow {
  std::string agent_id;
  std::optional<std::string> name;  // the agent's name, when it still exists
  AgentStats stats;
};

struct DurationCount {
  std::string agent_id;
  int bucket = 0;  // log_histogram's
  std::int64_t count = 0;
};

}  // namespace agentry::store
