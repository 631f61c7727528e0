#include "domain/usage_counter.hpp"

#include "core/clock.hpp"

namespace agentry::usage {
void RequestCounter::count(const std::string& account_id, const std::string& key_id,
                           std::int64_t now_ms) {
  add(account_id, key_id, now_ms / ms_per_day, 1);
}

void RequestCounter::add(const std::string& account_id, const std::string& key_id, std::int64_t day,
                         std::int64_t n) {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(std::string_view(key_id));
  if (it == counts_.end()) it = counts_.emplace(key_id, Key{account_id, {}}).first;
  auto& days = it->second.days;
  if (days.empty() || days.back().first != day) {
    days.emplace_back(day, n);
  } else {
    days.back().second += n;
  }
}

std::vector<RequestCounter::Count> RequestCounter::take() {
  Keys taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(counts_);
  }
  std::vector<Count> out;
  out.reserve(taken.size());
  for (auto& [key_id, key] : taken) {
    for (auto [day, n] : key.days) out.push_back({key.account_id, key_id, day, n});
  }
  return out;
}

void RequestCounter::put_back(const std::vector<Count>& counts) {
  for (const Count& c : counts) add(c.account_id, c.key_id, c.day, c.count);
}

}  // namespace agentry::usage
