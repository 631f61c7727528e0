#include "domain/usage_counter.hpp"

#include "core/clock.hpp"

namespace agentry::usage {
void RequestCounter::count(const std::string& account_id, std::int64_t now_ms) {
  add(account_id, now_ms / ms_per_day, 1);
}

void RequestCounter::add(const std::string& account_id, std::int64_t day, std::int64_t n) {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(std::string_view(account_id));
  if (it == counts_.end()) it = counts_.emplace(account_id, Days{}).first;
  Days& days = it->second;
  if (days.empty() || days.back().first != day) {
    days.emplace_back(day, n);
  } else {
    days.back().second += n;
  }
}

std::vector<RequestCounter::Count> RequestCounter::take() {
  std::unordered_map<std::string, Days, Hash, std::equal_to<>> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(counts_);
  }
  std::vector<Count> out;
  out.reserve(taken.size());
  for (auto& [account_id, days] : taken) {
    for (auto [day, n] : days) out.push_back({account_id, day, n});
  }
  return out;
}

void RequestCounter::put_back(const std::vector<Count>& counts) {
  for (const Count& c : counts) add(c.account_id, c.day, c.count);
}

}  // namespace agentry::usage
