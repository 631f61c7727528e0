#include "store/read_cache.hpp"

#include <gtest/gtest.h>

namespace agentry::store {
namespace {

std::size_t weigh_string(const std::string& s) {
  return s.size();
}
std::size_t weigh_int(const int&) {
  return sizeof(int);
}

TEST(ReadCacheTest, ServesAnEntryUntilASourceTableChanges) {
  ChangeCounter agents{0};
  ChangeCounter capabilities{0};
  ReadCache<std::string> cache({&agents, &capabilities}, 4096, weigh_string);
  const auto v = cache.version();
  cache.put("a", "first", v);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(*cache.find("a"), "first");
  EXPECT_EQ(cache.find("b"), nullptr);

  capabilities.fetch_add(1);
  EXPECT_EQ(cache.find("a"), nullptr) << "a change to any source table makes the entry stale";
  cache.put("a", "second", cache.version());
  EXPECT_EQ(*cache.find("a"), "second");
  agents.fetch_add(1);
  EXPECT_EQ(cache.find("a"), nullptr);
}

TEST(ReadCacheTest, DoesNotKeepAValueLoadedWhileItsTableChanged) {
  ChangeCounter agents{0};
  ReadCache<std::string> cache({&agents}, 4096, weigh_string);
  const auto before_load = cache.version();
  agents.fetch_add(1);  // a write commits while the load runs
  auto returned = cache.put("a", "maybe old", before_load);
  EXPECT_EQ(*returned, "maybe old") << "the caller still gets what it loaded";
  EXPECT_EQ(cache.find("a"), nullptr);
}

TEST(ReadCacheTest, CachesNothingWhenTheDatabaseCannotTrackASource) {
  ChangeCounter agents{0};
  ReadCache<std::string> cache({&agents, nullptr}, 4096, weigh_string);
  cache.put("a", "value", cache.version());
  EXPECT_EQ(cache.find("a"), nullptr);
}

TEST(ReadCacheTest, StaysWithinItsByteBudget) {
  ChangeCounter agents{0};
  // Each entry weighs its key, its value and 128 bytes of bookkeeping: 133 here.
  ReadCache<int> cache({&agents}, std::size_t{3} * 133, weigh_int);
  for (int i = 0; i < 3; ++i) cache.put(std::to_string(i), i, cache.version());
  EXPECT_NE(cache.find("0"), nullptr);
  cache.put("2", 22, cache.version());  // replacing an entry frees its bytes first
  EXPECT_NE(cache.find("0"), nullptr);
  EXPECT_EQ(*cache.find("2"), 22);
  cache.put("3", 3, cache.version());  // over budget: starts over
  EXPECT_EQ(cache.find("0"), nullptr);
  EXPECT_EQ(*cache.find("3"), 3);

  ReadCache<std::string> small({&agents}, 200, weigh_string);
  small.put("big", std::string(100, 'x'), small.version());
  EXPECT_EQ(small.find("big"), nullptr) << "a value larger than the budget is never kept";
}

}  // namespace
}  // namespace agentry::store
