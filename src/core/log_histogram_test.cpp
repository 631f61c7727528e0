#include "core/log_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace agentry::log_histogram {
namespace {

TEST(LogHistogram, EveryValueLiesInItsBucketAndBucketsAreNarrow) {
  std::int64_t previous_bucket = -1;
  for (std::int64_t v = 0; v < 200'000; ++v) {
    const int b = bucket_of(v);
    const Bounds bounds = bounds_of(b);
    ASSERT_LE(bounds.low, v);
    ASSERT_LT(v, bounds.high);
    ASSERT_GE(b, previous_bucket);  // buckets follow the values' order
    ASSERT_LE(static_cast<double>(bounds.high - bounds.low),
              std::max(1.0, static_cast<double>(bounds.low) / 16));
    previous_bucket = b;
  }
  for (std::int64_t v : {std::int64_t{86'400'000}, std::int64_t{1} << 40}) {
    const Bounds bounds = bounds_of(bucket_of(v));
    EXPECT_LE(bounds.low, v);
    EXPECT_LT(v, bounds.high);
  }
  EXPECT_EQ(bucket_of(-5), 0);
}

TEST(LogHistogram, QuantilesOfSmallValuesAreExact) {
  // 1..20 once each: the median is 10, the 95th percentile 19.
  std::vector<std::pair<int, std::int64_t>> counts;
  for (int v = 20; v >= 1; --v) counts.emplace_back(bucket_of(v), 1);
  EXPECT_EQ(quantile(counts, 0.5), 10);
  EXPECT_EQ(quantile(counts, 0.95), 19);
  EXPECT_EQ(quantile(counts, 1.0), 20);
  EXPECT_EQ(quantile({}, 0.5), std::nullopt);
}

TEST(LogHistogram, QuantilesOfLargeValuesAreWithinThreePercent) {
  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  std::lognormal_distribution<double> duration(8.0, 1.5);  // around 3 s, up to minutes
  std::vector<std::int64_t> values;
  std::vector<std::pair<int, std::int64_t>> counts;
  for (int i = 0; i < 5000; ++i) {
    const auto v = static_cast<std::int64_t>(duration(random));
    values.push_back(v);
    counts.emplace_back(bucket_of(v), 1);  // unmerged pairs add up like merged ones
  }
  std::ranges::sort(values);
  for (double q : {0.5, 0.95, 0.99}) {
    const std::int64_t exact =
        values[static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))) - 1];
    const auto read = quantile(counts, q);
    ASSERT_TRUE(read.has_value());
    EXPECT_NEAR(static_cast<double>(*read), static_cast<double>(exact),
                std::max(1.0, 0.035 * static_cast<double>(exact)))
        << "q " << q << ", seed " << seed;
  }
}

}  // namespace
}  // namespace agentry::log_histogram
