#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.hpp"

namespace agentry::plans {

// A subscription plan. Plans are configuration: these are the defaults, which the operator may
// override or extend in the plans file.
struct Plan {
  std::string id;            // "free", "starter", "pro", "enterprise", "admin"
  std::string display_name;  // "Free"
  std::int64_t price_cents_per_month = 0;
  std::int64_t monthly_credits_micro = 0;
  std::int64_t requests_per_minute = 0;
  std::optional<std::int64_t> requests_per_hour;  // AgenFleet's optional second window
  // The request limits count per API key ("rateLimitPer": "key", as Agento's "per key"), or
  // per account (the default): all of an account's keys share them.
  bool limit_per_key = false;
  std::int64_t tokens_per_minute = 0;
  std::optional<std::int64_t> max_api_keys;        // empty: unlimited
  std::optional<std::int64_t> max_agents;          // agents an account may have; empty: unlimited
  std::optional<std::int64_t> max_running_agents;  // of them running at once; empty: unlimited
  std::optional<std::int64_t> max_knowledge_entries;  // in all the account's knowledge bases
  std::optional<std::int64_t> max_knowledge_bytes;    // of their content, likewise
  // Live streams (SSE, MCP sessions) an account holds open at once on one node.
  std::int64_t max_streams = limits::streams_per_account;
  std::int64_t volume_discount_percent = 0;
  std::vector<std::string> features;
  bool assignable = true;  // false for the built-in admin plan
};

// The id of the built-in plan of the admin account: no practical limits, though the limiter
// still counts its requests.
inline constexpr std::string_view admin_id = "admin";

// The plans from the seeds (Free, Starter, Pro, Enterprise) and the admin plan.
std::vector<Plan> defaults();

// The set of plans in force.
class Catalog {
 public:
  explicit Catalog(std::vector<Plan> plans);
  // The plan called `id`, or nullptr.
  const Plan* find(std::string_view id) const;
  const std::vector<Plan>& all() const { return plans_; }

 private:
  std::vector<Plan> plans_;
};

}  // namespace agentry::plans
