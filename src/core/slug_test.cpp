#include "core/slug.hpp"

#include <gtest/gtest.h>

namespace agentry {
namespace {

TEST(Slug, IsLowercaseWordsJoinedBySingleHyphens) {
  for (const char* good : {"a", "acme", "acme-labs", "0day", "x-y-z"}) EXPECT_TRUE(is_slug(good));
  for (const char* bad : {"", "-a", "a-", "a--b", "A", "a_b", "a b", "a/b", "caf\xc3\xa9"}) {
    EXPECT_FALSE(is_slug(bad)) << bad;
  }
}

}  // namespace
}  // namespace agentry
