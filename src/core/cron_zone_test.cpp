#include "core/cron_zone.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace agentry::cron {
namespace {

// Milliseconds since the epoch of a UTC time.
std::int64_t utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  using namespace std::chrono;
  const auto day = date::sys_days{date::year{y} / date::month{mo} / date::day{d}};
  return duration_cast<milliseconds>((day + hours{h} + minutes{mi}).time_since_epoch()).count();
}

std::vector<std::int64_t> fires(const char* cron, const char* zone, std::int64_t after, int n) {
  auto expr = parse(cron, false);
  EXPECT_TRUE(expr) << cron;
  auto z = Zone::locate(zone);
  EXPECT_TRUE(z) << zone;
  std::vector<std::int64_t> out;
  if (!expr || !z) return out;
  for (int i = 0; i < n; ++i) {
    auto t = z->next(*expr, after);
    if (!t) break;
    out.push_back(*t);
    after = *t;
  }
  return out;
}

using Times = std::vector<std::int64_t>;

TEST(CronZone, FiresAtTheWallClockTimeOfTheZone) {
  EXPECT_EQ(fires("0 9 * * *", "UTC", utc(2027, 1, 1), 2),
            (Times{utc(2027, 1, 1, 9), utc(2027, 1, 2, 9)}));
  EXPECT_EQ(fires("0 9 * * *", "Asia/Kolkata", utc(2027, 1, 1), 1),
            (Times{utc(2027, 1, 1, 3, 30)}));
  EXPECT_EQ(fires("0 9 * * *", "America/New_York", utc(2027, 1, 1), 1),
            (Times{utc(2027, 1, 1, 14)}));
  EXPECT_EQ(fires("0 9 * * *", "America/New_York", utc(2027, 7, 1), 1),
            (Times{utc(2027, 7, 1, 13)}));
}

TEST(CronZone, StrictlyAfterAMomentWithinASecond) {
  auto expr = parse("* * * * *", false);
  auto z = Zone::locate("UTC");
  ASSERT_TRUE(expr && z);
  EXPECT_EQ(z->next(*expr, utc(2027, 1, 1, 10, 0)), utc(2027, 1, 1, 10, 1));
  EXPECT_EQ(z->next(*expr, utc(2027, 1, 1, 10, 0) - 1), utc(2027, 1, 1, 10, 0));
  EXPECT_EQ(z->next(*expr, utc(2027, 1, 1, 10, 0) + 999), utc(2027, 1, 1, 10, 1));
}

TEST(CronZone, AWallClockTimeTheClockSkipsFiresOnceAtTheChange) {
  // New York springs forward at 02:00 EST on 2027-03-14 (07:00 UTC) to 03:00 EDT.
  EXPECT_EQ(fires("30 2 * * *", "America/New_York", utc(2027, 3, 13, 12), 2),
            (Times{utc(2027, 3, 14, 7), utc(2027, 3, 15, 6, 30)}));
  // Every quarter of the skipped hour is the same instant: one firing.
  EXPECT_EQ(fires("*/15 2 * * *", "America/New_York", utc(2027, 3, 14, 6), 2),
            (Times{utc(2027, 3, 14, 7), utc(2027, 3, 15, 6)}));
  // Berlin: 02:00 CET → 03:00 CEST on 2027-03-28 (01:00 UTC).
  EXPECT_EQ(fires("30 2 * * *", "Europe/Berlin", utc(2027, 3, 27, 12), 2),
            (Times{utc(2027, 3, 28, 1), utc(2027, 3, 29, 0, 30)}));
  // Lord Howe moves by half an hour: 02:00 → 02:30 on 2027-10-03 (15:30 UTC the day before).
  EXPECT_EQ(fires("15 2 * * *", "Australia/Lord_Howe", utc(2027, 10, 2), 2),
            (Times{utc(2027, 10, 2, 15, 30), utc(2027, 10, 3, 15, 15)}));
}

TEST(CronZone, AWallClockTimeTheClockRepeatsFiresOnceAtItsFirstPass) {
  // New York falls back at 02:00 EDT on 2027-11-07 (06:00 UTC) to 01:00 EST.
  EXPECT_EQ(fires("30 1 * * *", "America/New_York", utc(2027, 11, 6, 12), 2),
            (Times{utc(2027, 11, 7, 5, 30), utc(2027, 11, 8, 6, 30)}));
  // Asked during the repeated hour, after the first pass: tomorrow.
  EXPECT_EQ(fires("45 1 * * *", "America/New_York", utc(2027, 11, 7, 6, 10), 1),
            (Times{utc(2027, 11, 8, 6, 45)}));
  // Berlin: 03:00 CEST → 02:00 CET on 2027-10-31 (01:00 UTC).
  EXPECT_EQ(fires("30 2 * * *", "Europe/Berlin", utc(2027, 10, 30, 12), 2),
            (Times{utc(2027, 10, 31, 0, 30), utc(2027, 11, 1, 1, 30)}));
}

TEST(CronZone, AnHourlyScheduleFollowsElapsedTimeAcrossAChange) {
  // Fall back: 01:30 EDT, 01:30 EST, 02:30 EST: every real hour.
  EXPECT_EQ(fires("30 * * * *", "America/New_York", utc(2027, 11, 7, 5), 3),
            (Times{utc(2027, 11, 7, 5, 30), utc(2027, 11, 7, 6, 30), utc(2027, 11, 7, 7, 30)}));
  // Asked at 01:50 EDT: the next hour's start is 01:00 EST, ten minutes later.
  EXPECT_EQ(fires("0 * * * *", "America/New_York", utc(2027, 11, 7, 5, 50), 2),
            (Times{utc(2027, 11, 7, 6), utc(2027, 11, 7, 7)}));
  // Spring forward: 01:30 EST, then 03:30 EDT; the skipped 02:30 is not made up.
  EXPECT_EQ(fires("30 * * * *", "America/New_York", utc(2027, 3, 14, 6), 3),
            (Times{utc(2027, 3, 14, 6, 30), utc(2027, 3, 14, 7, 30), utc(2027, 3, 14, 8, 30)}));
}

TEST(CronZone, AnExpressionThatNeverMatchesHasNoNextTime) {
  auto expr = parse("0 0 30 2 *", false);
  ASSERT_TRUE(expr);
  for (const char* zone : {"UTC", "America/New_York", "Australia/Lord_Howe"}) {
    auto z = Zone::locate(zone);
    ASSERT_TRUE(z);
    EXPECT_FALSE(z->next(*expr, utc(2027, 1, 1))) << zone;
  }
}

TEST(CronZone, OnlyZonesOfTheDatabase) {
  EXPECT_TRUE(Zone::locate("UTC"));
  EXPECT_TRUE(Zone::locate("Europe/Berlin"));
  EXPECT_EQ(Zone::locate("Europe/Berlin")->name(), "Europe/Berlin");
  for (const char* bad : {"", "Mars/Olympus_Mons", "../../etc/passwd", "/usr/share/zoneinfo/UTC",
                          "Europe/Berlin\n", "+05:00"}) {
    auto z = Zone::locate(bad);
    ASSERT_FALSE(z) << bad;
    EXPECT_EQ(z.error().field, "timeZone");
  }
  EXPECT_FALSE(Zone::locate(std::string(100, 'A')));
}

}  // namespace
}  // namespace agentry::cron
