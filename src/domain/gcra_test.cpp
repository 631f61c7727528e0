#include "domain/gcra.hpp"

#include <gtest/gtest.h>

namespace agentry::gcra {
namespace {

constexpr Limit ten_per_minute{10, 60'000};

TEST(Gcra, AllowsABurstOfTheFullLimitThenRefuses) {
  std::int64_t tat = 0;
  const std::int64_t now = 1'000'000;
  for (int i = 0; i < 10; ++i) {
    Decision d = decide(tat, now, ten_per_minute);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 9 - i);
  }
  Decision refused = decide(tat, now, ten_per_minute);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after_ms, 6'000);  // one interval: 60 s / 10
  EXPECT_EQ(refused.reset_after_ms, 60'000);
}

TEST(Gcra, RefusalsDoNotConsumeCapacity) {
  std::int64_t tat = 0;
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 10; ++i) (void)decide(tat, now, ten_per_minute);
  const std::int64_t before = tat;
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(decide(tat, now, ten_per_minute).allowed);
  EXPECT_EQ(tat, before);
}

TEST(Gcra, ReplenishesOneRequestPerInterval) {
  std::int64_t tat = 0;
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 10; ++i) (void)decide(tat, now, ten_per_minute);
  now += 5'999;
  EXPECT_FALSE(decide(tat, now, ten_per_minute).allowed);
  now += 1;
  EXPECT_TRUE(decide(tat, now, ten_per_minute).allowed);
  EXPECT_FALSE(decide(tat, now, ten_per_minute).allowed);
  now += 60'000;  // a full period later the whole burst is back
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(decide(tat, now, ten_per_minute).allowed) << i;
}

TEST(Gcra, SustainedRateMatchesTheLimit) {
  std::int64_t tat = 0;
  std::int64_t now = 0;
  int allowed = 0;
  // One attempt every 100 ms for ten minutes (t = 0 .. 599.9 s): the burst of 10 at the start,
  // then one more every 6 s from t = 6 s (99 of them).
  for (int i = 0; i < 6000; ++i, now += 100)
    allowed += decide(tat, now, ten_per_minute).allowed ? 1 : 0;
  EXPECT_EQ(allowed, 10 + 99);
}

}  // namespace
}  // namespace agentry::gcra
