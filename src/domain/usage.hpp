#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/usage_counter.hpp"
#include "store/database.hpp"
#include "store/usage_records.hpp"

// What an account used, per UTC day (GET /v1/usage): its authenticated requests, the tokens of
// its runs and chat turns, and the credits it spent (paid to others and the platform) and
// earned (paid to it), along the key, agent and model each came through. Added up as things
// happen, in their transactions; a report reads the day rows.
namespace agentry::usage {

// Where an amount of usage came through; nothing for a part that does not apply (the system
// starts a scheduled run with no key; a request has no agent; a remote agent has no model).
struct Via {
  std::optional<std::string> key_id;
  std::optional<std::string> agent_id;
  std::optional<std::string> model;
};

// Adds `amounts` to the account's usage of the UTC day of `at_ms`, along `via`.
void add(store::Tx& tx, const std::string& account_id, std::int64_t at_ms, const Via& via,
         const store::UsageAmounts& amounts);

// Adds requests counted in memory (RequestCounter::take) to the stored counts.
void record(store::Tx& tx, const std::vector<RequestCounter::Count>& counts);

struct Day {
  std::string day;  // YYYY-MM-DD
  store::UsageAmounts amounts;
};
// The usage of one model, agent or key: `id` "" for what came through none (requests have no
// model or agent; runs started by a schedule no key).
struct Group {
  std::string id;
  std::optional<std::string> name;  // the agent's or key's name, while it exists
  store::UsageAmounts total;
  std::vector<Day> days;  // days with usage, in order
};
struct Report {
  store::UsageAmounts total;
  std::vector<Day> days;      // days with usage, in order
  std::vector<Group> groups;  // by id; empty unless grouped
};

// The account's usage from the UTC day that starts at `from_day_ms` through the one that starts
// at `to_day_ms`, both included, split by `group` when it is not none.
Report report(store::Tx& tx, const std::string& account_id, std::int64_t from_day_ms,
              std::int64_t to_day_ms, store::UsageGroup group);

// The group a report's `groupBy` names: model, agent or key.
std::optional<store::UsageGroup> group_named(std::string_view name);

}  // namespace agentry::usage
