#include "domain/api_key.hpp"

#include <gtest/gtest.h>

#include <set>

namespace agentry::api_key {
namespace {

TEST(ApiKey, GeneratedKeysAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string key = generate();
    EXPECT_EQ(key.size(), length);
    EXPECT_TRUE(key.starts_with("ak_live_"));
    EXPECT_TRUE(is_well_formed(key)) << key;
    seen.insert(key);
  }
  EXPECT_EQ(seen.size(), 200U);
}

TEST(ApiKey, ChecksumCatchesATypo) {
  std::string key = generate();
  key[10] = key[10] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(is_well_formed(key));
}

TEST(ApiKey, RejectsWrongShape) {
  const std::string key = generate();
  EXPECT_FALSE(is_well_formed(key.substr(0, key.size() - 1)));
  EXPECT_FALSE(is_well_formed(key + "0"));
  EXPECT_FALSE(is_well_formed("ak_test_" + key.substr(8)));
  std::string bad_char = key;
  bad_char[20] = '-';
  EXPECT_FALSE(is_well_formed(bad_char));
  EXPECT_FALSE(is_well_formed(""));
}

TEST(ApiKey, HashIsSha256HexAndNotTheKey) {
  const std::string key = generate();
  const std::string h = hash(key);
  EXPECT_EQ(h.size(), 64U);
  EXPECT_EQ(h.find(key.substr(8)), std::string::npos);
  EXPECT_EQ(h, hash(key));
  EXPECT_EQ(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKey, DisplayPrefixShowsOnlyTheStart) {
  const std::string key = generate();
  EXPECT_EQ(display_prefix(key), key.substr(0, 12));
}

}  // namespace
}  // namespace agentry::api_key
