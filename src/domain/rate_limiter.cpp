#include "domain/rate_limiter.hpp"

#include <functional>

namespace agentry::rate_limiter {
namespace {
constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t sweep_every_ms = 60'000;

std::int64_t ceil_seconds(std::int64_t ms) {
  return (ms + 999) / 1000;
}
}  // namespace

Decision LocalLimiter::check(std::string_view key, std::int64_t now_ms, std::int64_t per_minute,
                             std::optional<std::int64_t> per_hour) {
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % shard_count];
  std::lock_guard lock(shard.mutex);
  if (now_ms >= shard.next_sweep_ms) {
    std::erase_if(shard.states, [now_ms](const auto& entry) {
      return entry.second.minute_tat_ms < now_ms && entry.second.hour_tat_ms < now_ms;
    });
    shard.next_sweep_ms = now_ms + sweep_every_ms;
  }
  auto it = shard.states.find(key);
  if (it == shard.states.end()) it = shard.states.emplace(std::string(key), State{}).first;
  State& state = it->second;

  // Decide on copies, and commit only when every window admits the request.
  std::int64_t minute_tat = state.minute_tat_ms;
  std::int64_t hour_tat = state.hour_tat_ms;
  const gcra::Decision minute = gcra::decide(minute_tat, now_ms, {per_minute, minute_ms});
  std::optional<gcra::Decision> hour;
  if (per_hour) hour = gcra::decide(hour_tat, now_ms, {*per_hour, hour_ms});
  if (minute.allowed && (!hour || hour->allowed)) {
    state.minute_tat_ms = minute_tat;
    state.hour_tat_ms = hour_tat;
  }
  return combine(minute, hour, per_minute, per_hour, now_ms);
}

Decision combine(const gcra::Decision& minute, const std::optional<gcra::Decision>& hour,
                 std::int64_t per_minute, std::optional<std::int64_t> per_hour,
                 std::int64_t now_ms) {
  const bool allowed = minute.allowed && (!hour || hour->allowed);
  const bool report_hour = hour && (!hour->allowed || hour->remaining < minute.remaining);
  const gcra::Decision& shown = report_hour ? *hour : minute;
  std::int64_t retry_ms = 0;
  if (!allowed) {
    retry_ms = std::max(minute.allowed ? 0 : minute.retry_after_ms,
                        hour && !hour->allowed ? hour->retry_after_ms : 0);
  }
  return {allowed, report_hour ? per_hour.value_or(0) : per_minute, allowed ? shown.remaining : 0,
          ceil_seconds(now_ms + shown.reset_after_ms),
          allowed ? 0 : std::max<std::int64_t>(1, ceil_seconds(retry_ms))};
}

}  // namespace agentry::rate_limiter
