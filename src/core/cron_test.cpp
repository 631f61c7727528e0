#include "core/cron.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace agentry::cron {
namespace {

// Local seconds of a civil time, for readable expectations.
LocalSeconds at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  // Days from civil, as the parser's own helper but kept independent of it.
  int yy = y - (mo <= 2 ? 1 : 0);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = static_cast<int>((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1);
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86'400 + std::int64_t{h} * 3600 + std::int64_t{mi} * 60 + s;
}

Expression must_parse(const std::string& text, bool seconds = false) {
  auto e = parse(text, seconds);
  EXPECT_TRUE(e) << text << ": " << (e ? "" : e.error().message);
  return e ? *e : Expression{};
}

std::vector<LocalSeconds> next_n(const Expression& e, LocalSeconds from, int n) {
  std::vector<LocalSeconds> out;
  for (int i = 0; i < n; ++i) {
    auto t = next_local(e, from);
    if (!t) break;
    out.push_back(*t);
    from = *t;
  }
  return out;
}

TEST(Cron, EveryFieldFormReadsAsCronDoes) {
  auto e = must_parse("*/15 9-17 1,15 JAN-mar mon-FRI");
  EXPECT_EQ(e.minutes.count(), 4U);
  EXPECT_TRUE(e.minutes.test(45));
  EXPECT_EQ(e.hours.count(), 9U);
  EXPECT_TRUE(e.days.test(1) && e.days.test(15) && !e.days.test(2));
  EXPECT_TRUE(e.months.test(1) && e.months.test(3) && !e.months.test(4));
  EXPECT_TRUE(e.weekdays.test(1) && e.weekdays.test(5) && !e.weekdays.test(0));
  EXPECT_TRUE(e.days_restricted && e.weekdays_restricted);
  EXPECT_FALSE(e.hourly);

  auto from_start = must_parse("5/20 * * * 7");  // 5, 25, 45; Sunday as 7
  EXPECT_EQ(from_start.minutes.count(), 3U);
  EXPECT_TRUE(from_start.minutes.test(25));
  EXPECT_TRUE(from_start.weekdays.test(0));
  EXPECT_TRUE(from_start.hourly);
  EXPECT_FALSE(from_start.days_restricted);

  auto wide_step = must_parse("*/61 * * * *");  // a step past the field's end: its start only
  EXPECT_EQ(wide_step.minutes.count(), 1U);
  EXPECT_TRUE(wide_step.minutes.test(0));

  auto stepped_range = must_parse("0 */6 10-20/5 * ?");
  EXPECT_EQ(stepped_range.hours.count(), 4U);
  EXPECT_TRUE(stepped_range.days.test(10) && stepped_range.days.test(15) &&
              stepped_range.days.test(20) && !stepped_range.days.test(11));
  EXPECT_TRUE(stepped_range.hourly);
  EXPECT_FALSE(stepped_range.weekdays_restricted);
}

TEST(Cron, MacrosAreTheirFiveFields) {
  auto daily = must_parse("@daily");
  auto midnight = must_parse("@MIDNIGHT");
  EXPECT_EQ(daily.minutes, midnight.minutes);
  EXPECT_TRUE(daily.minutes.test(0) && daily.minutes.count() == 1);
  EXPECT_TRUE(daily.hours.test(0) && daily.hours.count() == 1);
  auto weekly = must_parse("@weekly");
  EXPECT_TRUE(weekly.weekdays_restricted && weekly.weekdays.test(0) &&
              weekly.weekdays.count() == 1);
  auto hourly = must_parse("@hourly");
  EXPECT_EQ(hourly.hours.count(), 24U);
  EXPECT_TRUE(hourly.hourly);
  EXPECT_EQ(must_parse("@annually").months.count(), 1U);
}

TEST(Cron, RefusesWhatIsNotAnExpressionAndSaysWhichField) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{{"", "five fields"},
                                         {"* * * *", "five fields"},
                                         {"* * * * * *", "five fields"},
                                         {"60 * * * *", "minute field has 60"},
                                         {"* 24 * * *", "hour field"},
                                         {"* * 0 * *", "day of month field"},
                                         {"* * 32 * *", "day of month field"},
                                         {"* * * 13 *", "month field"},
                                         {"* * * * 8", "day of week field"},
                                         {"*/0 * * * *", "step of 0"},
                                         {"5-2 * * * *", "backwards"},
                                         {"1,,2 * * * *", "empty list item"},
                                         {"a * * * *", "not a number"},
                                         {"* * * FOO *", "not a number"},
                                         {"*/x * * * *", "not a number"},
                                         {"1- * * * *", "empty value"},
                                         {"? * * * *", "not a number"},
                                         {"L * * * *", "not a number"},
                                         {"@reboot", "not a macro"},
                                         {"@daily *", "five fields"}}) {
    auto e = parse(c.text, false);
    ASSERT_FALSE(e) << c.text;
    EXPECT_EQ(e.error().code, Errc::validation_error);
    EXPECT_EQ(e.error().field, "cron");
    EXPECT_NE(e.error().message.find(c.says), std::string::npos)
        << c.text << " → " << e.error().message;
  }
  EXPECT_FALSE(parse(std::string(300, '*'), false));
}

TEST(Cron, SecondsOnlyWhenAllowed) {
  EXPECT_FALSE(parse("*/10 * * * * *", false));
  auto e = must_parse("*/10 * * * * *", true);
  EXPECT_TRUE(e.has_seconds);
  EXPECT_EQ(e.seconds.count(), 6U);
  EXPECT_EQ(next_n(e, at(2027, 1, 1, 0, 0, 5), 3),
            (std::vector<LocalSeconds>{at(2027, 1, 1, 0, 0, 10), at(2027, 1, 1, 0, 0, 20),
                                       at(2027, 1, 1, 0, 0, 30)}));
  // Five fields fire on the minute.
  EXPECT_EQ(next_local(must_parse("* * * * *"), at(2027, 1, 1, 0, 0, 0)), at(2027, 1, 1, 0, 1));
}

TEST(Cron, NextIsStrictlyAfterAndCrossesDaysMonthsAndYears) {
  auto quarter = must_parse("*/15 * * * *");
  EXPECT_EQ(next_n(quarter, at(2027, 12, 31, 23, 30), 3),
            (std::vector<LocalSeconds>{at(2027, 12, 31, 23, 45), at(2028, 1, 1, 0, 0),
                                       at(2028, 1, 1, 0, 15)}));
  auto leap = must_parse("0 12 29 2 *");
  EXPECT_EQ(next_n(leap, at(2027, 3, 1), 2),
            (std::vector<LocalSeconds>{at(2028, 2, 29, 12), at(2032, 2, 29, 12)}));
  auto month_end = must_parse("30 8 31 * *");  // only months with a 31st
  EXPECT_EQ(next_n(month_end, at(2027, 4, 1), 3),
            (std::vector<LocalSeconds>{at(2027, 5, 31, 8, 30), at(2027, 7, 31, 8, 30),
                                       at(2027, 8, 31, 8, 30)}));
  EXPECT_FALSE(next_local(must_parse("0 0 30 2 *"), at(2027, 1, 1)));
  EXPECT_FALSE(next_local(must_parse("0 0 31 4,6,9,11 *"), at(2027, 1, 1)));
}

TEST(Cron, TwoRestrictedDayFieldsMatchEitherOneAloneDecides) {
  // 2027-01-01 is a Friday.
  auto either = must_parse("0 0 13 * 5");  // the 13th, and every Friday
  EXPECT_EQ(next_n(either, at(2026, 12, 31), 4),
            (std::vector<LocalSeconds>{at(2027, 1, 1), at(2027, 1, 8), at(2027, 1, 13),
                                       at(2027, 1, 15)}));
  auto fridays = must_parse("0 0 * * FRI");
  EXPECT_EQ(next_n(fridays, at(2026, 12, 31), 2),
            (std::vector<LocalSeconds>{at(2027, 1, 1), at(2027, 1, 8)}));
  // A stepped day of month is restricted, so it ORs with the weekday.
  auto stepped = must_parse("0 0 */10 * 0");  // 1st, 11th, 21st, 31st, and Sundays
  EXPECT_EQ(next_n(stepped, at(2027, 1, 1), 3),
            (std::vector<LocalSeconds>{at(2027, 1, 3), at(2027, 1, 10), at(2027, 1, 11)}));
}

TEST(Cron, DaysBeforeTheEpochAndWeekdaysAgree) {
  auto mondays = must_parse("0 0 * * 1");
  EXPECT_EQ(next_local(mondays, at(1969, 12, 31)), at(1970, 1, 5));
  EXPECT_TRUE(mondays.matches_date(2027, 3, 1));
  EXPECT_FALSE(mondays.matches_date(2027, 3, 2));
}

}  // namespace
}  // namespace agentry::cron
