#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace agentry {
namespace {

TEST(Rfc3339, FormatsWithMillisecondsInUtc) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(1768473000123), "2026-01-15T10:30:00.123Z");
  EXPECT_EQ(format_rfc3339(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(Rfc3339, ParsesWhatItFormats) {
  for (UnixMs t : {UnixMs{0}, UnixMs{1768473000123}, UnixMs{951782400000}, UnixMs{4102444799999}}) {
    auto parsed = parse_rfc3339(format_rfc3339(t));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
  }
}

TEST(Rfc3339, AppliesOffsetsAndFractions) {
  EXPECT_EQ(parse_rfc3339("2026-01-15T12:30:00+02:00"), parse_rfc3339("2026-01-15T10:30:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-01-15T10:30:00.5Z").value(), 1768473000500);
  EXPECT_EQ(parse_rfc3339("2026-01-15T10:30:00.123456Z").value(), 1768473000123);
}

TEST(Rfc3339, RejectsMalformedDates) {
  for (const char* bad : {"", "2026-01-15", "2026-01-15T10:30:00", "2026-02-30T00:00:00Z",
                          "2026-13-01T00:00:00Z", "2026-01-15T25:00:00Z", "2026-01-15T10:30:00.Z",
                          "2026-01-15T10:30:00Zjunk", "2026-01-15 10:30:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(Rfc3339, RefusesInstantsAnOffsetCarriesOutOfYears0000To9999) {
  // Found by fuzz/rfc3339: these parsed, and formatted as 0000-01-01T00:00:00.000Z.
  EXPECT_FALSE(parse_rfc3339("0000-01-01T00:00:00+02:00"));
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:30:00-01:00"));
  const auto first = parse_rfc3339("0000-01-01T02:00:00+02:00");
  ASSERT_TRUE(first);
  EXPECT_EQ(format_rfc3339(*first), "0000-01-01T00:00:00.000Z");
  const auto last = parse_rfc3339("9999-12-31T23:59:59.999Z");
  ASSERT_TRUE(last);
  EXPECT_EQ(format_rfc3339(*last), "9999-12-31T23:59:59.999Z");
}

TEST(ManualClock, MovesOnlyWhenAdvanced) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.now_ms(), 1000);
  clock.advance_ms(250);
  EXPECT_EQ(clock.now_ms(), 1250);
}

}  // namespace
}  // namespace agentry
