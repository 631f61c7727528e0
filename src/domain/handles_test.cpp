#include "domain/handles.hpp"

#include <gtest/gtest.h>

// Handles: what a valid one looks like, and the handles made from account names.
namespace agentry::handles {
namespace {

TEST(Handles, AValidHandleIsShortLowercaseWordsJoinedBySingleHyphens) {
  for (const char* good : {"acme", "a1", "acme-labs", "0day", "x-y-z"}) {
    EXPECT_TRUE(valid(good)) << good;
  }
  for (const char* bad : {"", "a", "Acme", "-acme", "acme-", "ac--me", "ac_me", "ac/me", "ac me",
                          "ab3456789012345678901234567890123456789x"}) {
    EXPECT_FALSE(valid(bad)) << bad;
  }
  EXPECT_TRUE(valid(std::string(max_length, 'a')));
}

TEST(Handles, ANameBecomesAValidHandle) {
  EXPECT_EQ(from_name("Acme Labs"), "acme-labs");
  EXPECT_EQ(from_name("  O'Brien & Sons, Ltd.  "), "o-brien-sons-ltd");
  EXPECT_EQ(from_name("Ünïcode Café"), "n-code-caf");
  EXPECT_EQ(from_name("!"), "user") << "nothing usable is left";
  EXPECT_EQ(from_name("x"), "user") << "too short";
  const std::string long_name(100, 'q');
  EXPECT_EQ(from_name(long_name).size(), 30U);
  for (const char* name : {"Acme Labs", "---", "a b c d e f g h i j k l m n o p q r s t"}) {
    EXPECT_TRUE(valid(from_name(name))) << name;
  }
}

TEST(Handles, ARandomSuffixKeepsTheHandleValidAndDiffers) {
  const std::string a = with_random_suffix("acme");
  const std::string b = with_random_suffix("acme");
  EXPECT_TRUE(valid(a)) << a;
  EXPECT_EQ(a.substr(0, 5), "acme-");
  EXPECT_EQ(a.size(), 11U);
  EXPECT_NE(a, b);
  const std::string longest = with_random_suffix(std::string(30, 'z') + "-q");
  EXPECT_TRUE(valid(longest)) << longest;
  EXPECT_LE(longest.size(), max_length);
}

}  // namespace
}  // namespace agentry::handles
