// Schedules' cron expressions and time zones: whatever parses yields fire times that match it,
// strictly after the moment asked about, in any zone, without fault.
#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/cron.hpp"
#include "core/cron_zone.hpp"

namespace {

void check_local(const agentry::cron::Expression& expr, std::int64_t after) {
  const auto next = agentry::cron::next_local(expr, after, 2);
  if (!next) return;
  if (*next <= after) std::abort();
  const std::int64_t z = agentry::cron::floor_div(*next, 86'400);
  const std::int64_t of_day = *next - z * 86'400;
  const date::year_month_day ymd{date::sys_days{date::days{z}}};
  if (!expr.matches_date(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                         static_cast<unsigned>(ymd.day())) ||
      !expr.hours.test(static_cast<std::size_t>(of_day / 3600)) ||
      !expr.minutes.test(static_cast<std::size_t>(of_day % 3600 / 60)) ||
      !expr.seconds.test(static_cast<std::size_t>(of_day % 60))) {
    std::abort();
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)agentry::cron::Zone::locate(text);
  const auto expr = agentry::cron::parse(text, true);
  if (!expr) return 0;
  constexpr std::int64_t moment = 1'800'000'000;  // 2027-01-15, seconds
  check_local(*expr, moment);
  check_local(*expr, -moment);
  static const auto zone = agentry::cron::Zone::locate("America/New_York");
  const auto at = zone->next(*expr, moment * 1000);
  if (at && *at <= moment * 1000) std::abort();
  return 0;
}
