#include "core/ids.hpp"

#include "core/id_floor.hpp"

#include <gtest/gtest.h>

#include <set>

namespace agentry {
namespace {

TEST(Ids, HavePrefixAndCrockfordUlid) {
  const std::string id = new_id("agt", 1768473000123);
  EXPECT_EQ(id.size(), 4U + 26U);
  EXPECT_TRUE(is_valid_id(id, "agt"));
  EXPECT_FALSE(is_valid_id(id, "run"));
  // The first ten characters encode the timestamp: 1768473000123 ms.
  EXPECT_EQ(id.substr(4, 10), "01KF0K8Y5V");
}

TEST(Ids, SortByCreationTime) {
  const std::string earlier = new_id("run", 1768473000123);
  const std::string later = new_id("run", 1768473000124);
  EXPECT_LT(earlier, later);
}

TEST(Ids, TheFirstIdAtATimeSortsBetweenEarlierAndLaterOnes) {
  const std::string floor = first_id_at("evt", 1768473000124);
  EXPECT_TRUE(is_valid_id(floor, "evt"));
  EXPECT_LT(new_id("evt", 1768473000123), floor);
  EXPECT_LE(floor, new_id("evt", 1768473000124));
  EXPECT_LT(floor, new_id("evt", 1768473000125));
}

TEST(Ids, AreUniqueAtTheSameMillisecond) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(new_id("key", 42));
  EXPECT_EQ(seen.size(), 1000U);
}

TEST(Ids, RequestIdsAreUniqueUlids) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = new_request_id(1768473000123);
    EXPECT_TRUE(is_valid_id(id, "req")) << id;
    EXPECT_EQ(id.substr(4, 10), "01KF0K8Y5V");
    seen.insert(std::move(id));
  }
  EXPECT_EQ(seen.size(), 1000U);
}

TEST(Ids, OrderedIdsIncreaseWithinAMillisecondAndWhenTheClockStepsBack) {
  std::string previous = new_ordered_id("evt", 1968473000123);
  EXPECT_TRUE(is_valid_id(previous, "evt"));
  for (int i = 0; i < 1000; ++i) {
    std::string next = new_ordered_id("evt", i % 2 == 0 ? 1968473000123 : 1968473000000);
    EXPECT_GT(next, previous);
    EXPECT_EQ(next.substr(4, 10), previous.substr(4, 10)) << "the time part stays";
    previous = std::move(next);
  }
  const std::string later = new_ordered_id("evt", 1968473000124);
  EXPECT_GT(later, previous);
  EXPECT_NE(later.substr(4, 10), previous.substr(4, 10));
}

TEST(Ids, RejectForeignAlphabetAndLength) {
  EXPECT_FALSE(is_valid_id("agt_01KF0MR7XVABCDEFGHJKMNPQRI", "agt"));  // 'I' is not Crockford
  EXPECT_FALSE(is_valid_id("agt_01KF0MR7XV", "agt"));
  EXPECT_FALSE(is_valid_id("agt-01KF0MR7XVABCDEFGHJKMNPQRS", "agt"));
  EXPECT_FALSE(is_valid_id("agt_81KF0MR7XVABCDEFGHJKMNPQRS", "agt"));  // overflows 128 bits
}

}  // namespace
}  // namespace agentry
