#include "domain/usage_counter.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/clock.hpp"

namespace agentry::usage {
namespace {

std::map<std::pair<std::string, std::int64_t>, std::int64_t> totals(
    const std::vector<RequestCounter::Count>& counts) {
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> out;
  for (const auto& c : counts) out[{c.account_id, c.day}] += c.count;
  return out;
}

TEST(RequestCounterTest, CountsPerAccountAndUtcDayAndEmptiesOnTake) {
  RequestCounter counter;
  const std::int64_t day = 20'000;
  for (int i = 0; i < 3; ++i) counter.count("acc_a", day * ms_per_day + i);
  counter.count("acc_b", day * ms_per_day);
  counter.count("acc_a", (day + 1) * ms_per_day - 1);
  counter.count("acc_a", (day + 1) * ms_per_day);  // midnight UTC starts the next day
  const auto taken = totals(counter.take());
  EXPECT_EQ(taken.size(), 3U);
  EXPECT_EQ(taken.at({"acc_a", day}), 4);
  EXPECT_EQ(taken.at({"acc_a", day + 1}), 1);
  EXPECT_EQ(taken.at({"acc_b", day}), 1);
  EXPECT_TRUE(counter.take().empty());
}

TEST(RequestCounterTest, CountsPutBackAfterAFailedWriteAreNotLost) {
  RequestCounter counter;
  counter.count("acc_a", 5 * ms_per_day);
  const auto failed = counter.take();
  counter.count("acc_a", 6 * ms_per_day);  // counted while the write was failing
  counter.put_back(failed);
  const auto taken = totals(counter.take());
  EXPECT_EQ(taken.at({"acc_a", 5}), 1);
  EXPECT_EQ(taken.at({"acc_a", 6}), 1);
}

}  // namespace
}  // namespace agentry::usage
