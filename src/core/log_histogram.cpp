#include "core/log_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace agentry::log_histogram {
namespace {
constexpr int linear_below = 32;  // 2^5: one bucket per value below it
constexpr int sub_bits = 4;       // 16 buckets per power of two above it
constexpr int first_exponent = 5;
}  // namespace

int bucket_of(std::int64_t value) {
  if (value < linear_below) return static_cast<int>(std::max<std::int64_t>(value, 0));
  const auto v = static_cast<std::uint64_t>(value);
  const int exponent = static_cast<int>(std::bit_width(v)) - 1;  // ≥ 5
  const auto sub = static_cast<int>((v >> (exponent - sub_bits)) & ((1U << sub_bits) - 1));
  return linear_below + (exponent - first_exponent) * (1 << sub_bits) + sub;
}

Bounds bounds_of(int bucket) {
  if (bucket < linear_below) return {bucket, bucket + 1};
  const int exponent = first_exponent + (bucket - linear_below) / (1 << sub_bits);
  const int sub = (bucket - linear_below) % (1 << sub_bits);
  const std::int64_t width = std::int64_t{1} << (exponent - sub_bits);
  const std::int64_t low = (std::int64_t{1} << exponent) + sub * width;
  return {low, low + width};
}

std::optional<std::int64_t> quantile(std::vector<std::pair<int, std::int64_t>> counts, double q) {
  std::ranges::sort(counts);
  std::int64_t total = 0;
  for (const auto& [bucket, n] : counts) total += n;
  if (total == 0) return std::nullopt;
  // The rank of the quantile among the values, 1-based: the smallest value with at least q of
  // them at or below it.
  const auto rank = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(q * static_cast<double>(total))));
  std::int64_t seen = 0;
  for (const auto& [bucket, n] : counts) {
    seen += n;
    if (seen >= rank) {
      const Bounds b = bounds_of(bucket);
      return b.high - b.low == 1 ? b.low : b.low + (b.high - b.low) / 2;
    }
  }
  return bounds_of(counts.back().first).low;
}

}  // namespace agentry::log_histogram
