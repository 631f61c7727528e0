#include "domain/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace agentry::rate_limiter {
namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;

TEST(LocalLimiter, ReportsHeadersAndRefusesOverTheLimit) {
  LocalLimiter limiter;
  for (int i = 0; i < 3; ++i) {
    Decision d = limiter.check("k", t0, 3, std::nullopt);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.limit, 3);
    EXPECT_EQ(d.remaining, 2 - i);
  }
  Decision refused = limiter.check("k", t0, 3, std::nullopt);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after_s, 20);
  EXPECT_EQ(refused.reset_unix_s, t0 / 1000 + 60);
}

TEST(LocalLimiter, KeysAreIndependent) {
  LocalLimiter limiter;
  EXPECT_TRUE(limiter.check("a", t0, 1, std::nullopt).allowed);
  EXPECT_FALSE(limiter.check("a", t0, 1, std::nullopt).allowed);
  EXPECT_TRUE(limiter.check("b", t0, 1, std::nullopt).allowed);
}

TEST(LocalLimiter, HourWindowBindsWhenTighter) {
  LocalLimiter limiter;
  // 5 per minute but only 6 per hour: after one minute the minute window is full again, the hour
  // window is not.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.check("k", t0, 5, 6).allowed);
  Decision after_minute = limiter.check("k", t0 + 60'000, 5, 6);
  EXPECT_TRUE(after_minute.allowed);
  EXPECT_EQ(after_minute.limit, 6);
  EXPECT_EQ(after_minute.remaining, 0);
  Decision refused = limiter.check("k", t0 + 61'000, 5, 6);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.limit, 6);
  EXPECT_GT(refused.retry_after_s, 60);
}

TEST(LocalLimiter, RefusalByOneWindowConsumesNeither) {
  LocalLimiter limiter;
  // 1 per minute, 3 per hour. Requests refused by the minute window must not eat the hour's three.
  EXPECT_TRUE(limiter.check("k", t0, 1, 3).allowed);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter.check("k", t0, 1, 3).allowed);
  EXPECT_TRUE(limiter.check("k", t0 + 60'000, 1, 3).allowed);
  EXPECT_TRUE(limiter.check("k", t0 + 120'000, 1, 3).allowed);
  Decision hour_full = limiter.check("k", t0 + 180'000, 1, 3);
  EXPECT_FALSE(hour_full.allowed);
  EXPECT_EQ(hour_full.limit, 3);
}

}  // namespace
}  // namespace agentry::rate_limiter
