#include "domain/usage.hpp"

#include <map>

#include "core/clock.hpp"
#include "store/usage_queries.hpp"

namespace agentry::usage {
namespace {

void add_to(store::UsageAmounts& sum, const store::UsageAmounts& more) {
  sum.requests += more.requests;
  sum.input_tokens += more.input_tokens;
  sum.output_tokens += more.output_tokens;
  sum.spent_micro += more.spent_micro;
  sum.earned_micro += more.earned_micro;
}

// Adds `amounts` to `days`' entry of `day`, at the end when days come in order.
void add_day(std::vector<Day>& days, const std::string& day, const store::UsageAmounts& amounts) {
  if (days.empty() || days.back().day != day) days.push_back({day, {}});
  add_to(days.back().amounts, amounts);
}

}  // namespace

void add(store::Tx& tx, const std::string& account_id, std::int64_t at_ms, const Via& via,
         const store::UsageAmounts& amounts) {
  store::add_usage(tx, account_id, utc_date(at_ms), via.key_id.value_or(""),
                   via.agent_id.value_or(""), via.model.value_or(""), amounts);
}

void record(store::Tx& tx, const std::vector<RequestCounter::Count>& counts) {
  for (const auto& c : counts) {
    store::add_usage(tx, c.account_id, utc_date(c.day * ms_per_day), c.key_id, "", "",
                     {.requests = c.count});
  }
}

Report report(store::Tx& tx, const std::string& account_id, std::int64_t from_day_ms,
              std::int64_t to_day_ms, store::UsageGroup group) {
  Report out;
  // Rows come by group, then day: each group's days are in order, and the days of all groups
  // are merged by day.
  std::map<std::string, store::UsageAmounts> by_day;
  for (const store::UsageRow& row :
       store::usage_rows(tx, account_id, utc_date(from_day_ms), utc_date(to_day_ms), group)) {
    add_to(out.total, row.amounts);
    add_to(by_day[row.day], row.amounts);
    if (group == store::UsageGroup::none) continue;
    if (out.groups.empty() || out.groups.back().id != row.group) {
      out.groups.push_back({.id = row.group, .name = row.name});
    }
    add_to(out.groups.back().total, row.amounts);
    add_day(out.groups.back().days, row.day, row.amounts);
  }
  for (auto& [day, amounts] : by_day) out.days.push_back({day, amounts});
  return out;
}

std::optional<store::UsageGroup> group_named(std::string_view name) {
  if (name == "model") return store::UsageGroup::model;
  if (name == "agent") return store::UsageGroup::agent;
  if (name == "key") return store::UsageGroup::key;
  return std::nullopt;
}

}  // namespace agentry::usage
