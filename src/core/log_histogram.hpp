#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

// A histogram of non-negative integers (durations in milliseconds) in log-linear buckets, kept
// as (bucket, count) pairs so that stores can add them up by bucket: values below 32 have a
// bucket each; above, each power of two is cut into 16 buckets, so a bucket's width is at most
// 1/16 of its lower bound and a quantile read from the buckets is within about 3% of the value.
namespace agentry::log_histogram {

// The bucket that holds `value` (negative values count as 0).
int bucket_of(std::int64_t value);

// The values bucket `b` holds: [low, high).
struct Bounds {
  std::int64_t low = 0;
  std::int64_t high = 0;
};
Bounds bounds_of(int bucket);

// The `q`-quantile (0 < q ≤ 1) of the values counted in `counts` (bucket, count) pairs, in any
// order: the middle of the bucket that holds it, or nothing when nothing was counted.
std::optional<std::int64_t> quantile(std::vector<std::pair<int, std::int64_t>> counts, double q);

}  // namespace agentry::log_histogram
