#include "core/cron_zone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>

namespace agentry::cron {
namespace {

using std::chrono::seconds;

// Far enough back that stepping a second before it cannot overflow.
constexpr std::int64_t earliest_change_s = -(std::int64_t{1} << 40);
// The search gives up after this many zone intervals (two a year for a zone with daylight saving).
constexpr int max_intervals = 40;

// date/tz loads its database and each zone's transitions on first use, behind synchronisation of
// its own that the thread sanitizer cannot see into (the library is not instrumented), and it
// reported a race there between two schedules' threads. Calls into it are few (a schedule's next
// firing), so they take turns.
std::mutex& tz_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

Result<Zone> Zone::locate(std::string_view name) {
  constexpr std::size_t max_name_chars = 64;
  if (!name.empty() && name.size() <= max_name_chars) {
    try {
      const std::lock_guard lock(tz_mutex());
      return Zone(date::locate_zone(name), std::string(name));
    } catch (const std::exception&) {  // not a zone of the database
    }
  }
  return make_error(Errc::validation_error,
                    "`" + std::string(name.substr(0, max_name_chars)) +
                        "` is not an IANA time zone (such as UTC or Europe/Berlin)",
                    "timeZone");
}

std::optional<std::int64_t> Zone::next(const Expression& expr, std::int64_t after_ms) const {
  date::sys_seconds t{seconds{floor_div(after_ms, 1000)}};
  const std::lock_guard lock(tz_mutex());
  bool first = true;  // in the first interval the search is strictly after t, then from its start
  for (int i = 0; i < max_intervals; ++i) {
    const date::sys_info info = zone_->get_info(t);
    const std::int64_t offset = info.offset.count();
    std::int64_t lowest = t.time_since_epoch().count() + offset + (first ? 1 : 0);
    const std::int64_t begin = info.begin.time_since_epoch().count();
    if (!expr.hourly && begin > earliest_change_s) {
      // The clock fell back at `begin`: the wall times it repeats have already had their turn.
      const std::int64_t before = zone_->get_info(info.begin - seconds{1}).offset.count();
      if (before > offset) lowest = std::max(lowest, begin + before);
    }
    const auto local = next_local(expr, lowest - 1);
    if (!local) return std::nullopt;
    const std::int64_t at = *local - offset;
    const std::int64_t end = info.end.time_since_epoch().count();
    if (at < end) return at * 1000;
    // Nothing before this interval ends. A wall time the clock skips at its end fires at the
    // change, once, unless the schedule follows elapsed time.
    const std::int64_t next_offset = zone_->get_info(info.end).offset.count();
    if (!expr.hourly && next_offset > offset && *local < end + next_offset) return end * 1000;
    t = info.end;
    first = false;
  }
  return std::nullopt;
}

}  // namespace agentry::cron
