#include "domain/gcra.hpp"

#include <algorithm>

namespace agentry::gcra {

Decision decide(std::int64_t& tat_ms, std::int64_t now_ms, Limit limit) {
  // Each request costs one emission interval; the bucket holds `count` of them.
  const std::int64_t interval_ms = std::max<std::int64_t>(1, limit.period_ms / limit.count);
  const std::int64_t capacity_ms = interval_ms * limit.count;
  const std::int64_t tat = std::max(tat_ms, now_ms);
  const std::int64_t new_tat = tat + interval_ms;
  const std::int64_t allow_at = new_tat - capacity_ms;
  if (now_ms < allow_at) {
    const std::int64_t remaining =
        std::max<std::int64_t>(0, (now_ms - (tat - capacity_ms)) / interval_ms);
    return {false, remaining, tat - now_ms, allow_at - now_ms};
  }
  tat_ms = new_tat;
  const std::int64_t remaining = (now_ms - allow_at) / interval_ms;
  return {true, remaining, new_tat - now_ms, 0};
}

}  // namespace agentry::gcra
