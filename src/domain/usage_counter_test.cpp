#include "domain/usage_counter.hpp"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "core/clock.hpp"

namespace agentry::usage {
namespace {

// Totals per (account, key, day).
std::map<std::tuple<std::string, std::string, std::int64_t>, std::int64_t> totals(
    const std::vector<RequestCounter::Count>& counts) {
  std::map<std::tuple<std::string, std::string, std::int64_t>, std::int64_t> out;
  for (const auto& c : counts) out[{c.account_id, c.key_id, c.day}] += c.count;
  return out;
}

TEST(RequestCounterTest, CountsPerKeyAndUtcDayAndEmptiesOnTake) {
  RequestCounter counter;
  const std::int64_t day = 20'000;
  for (int i = 0; i < 3; ++i) counter.count("acc_a", "key_1", day * ms_per_day + i);
  counter.count("acc_a", "key_2", day * ms_per_day);
  counter.count("acc_b", "key_3", day * ms_per_day);
  counter.count("acc_a", "key_1", (day + 1) * ms_per_day - 1);
  counter.count("acc_a", "key_1", (day + 1) * ms_per_day);  // midnight UTC starts the next day
  const auto taken = totals(counter.take());
  EXPECT_EQ(taken.size(), 4U);
  EXPECT_EQ(taken.at({"acc_a", "key_1", day}), 4);
  EXPECT_EQ(taken.at({"acc_a", "key_1", day + 1}), 1);
  EXPECT_EQ(taken.at({"acc_a", "key_2", day}), 1);
  EXPECT_EQ(taken.at({"acc_b", "key_3", day}), 1);
  EXPECT_TRUE(counter.take().empty());
}

TEST(RequestCounterTest, CountsPutBackAfterAFailedWriteAreNotLost) {
  RequestCounter counter;
  counter.count("acc_a", "key_1", 5 * ms_per_day);
  const auto failed = counter.take();
  counter.count("acc_a", "key_1", 6 * ms_per_day);  // counted while the write was failing
  counter.put_back(failed);
  const auto taken = totals(counter.take());
  EXPECT_EQ(taken.at({"acc_a", "key_1", 5}), 1);
  EXPECT_EQ(taken.at({"acc_a", "key_1", 6}), 1);
}

}  // namespace
}  // namespace agentry::usage
