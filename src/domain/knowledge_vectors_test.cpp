#include "domain/knowledge_vectors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace agentry::knowledge {
namespace {

TEST(KnowledgeVectors, NormalizesToUnitLength) {
  std::vector<float> v{3, 4};
  ASSERT_TRUE(normalize(v));
  EXPECT_FLOAT_EQ(v[0], 0.6F);
  EXPECT_FLOAT_EQ(v[1], 0.8F);
  EXPECT_NEAR(dot(v, v), 1.0, 1e-6);
}

TEST(KnowledgeVectors, RefusesWhatHasNoDirection) {
  std::vector<float> empty;
  std::vector<float> zero{0, 0, 0};
  std::vector<float> nan{1, std::numeric_limits<float>::quiet_NaN()};
  std::vector<float> huge(max_dimensions + 1, 1.0F);
  EXPECT_FALSE(normalize(empty));
  EXPECT_FALSE(normalize(zero));
  EXPECT_FALSE(normalize(nan));
  EXPECT_FALSE(normalize(huge));
}

TEST(KnowledgeVectors, EncodesExactlyAndRejectsOtherText) {
  const std::vector<float> v{0.25F, -1.5F, 3.0e-8F, 42.0F};
  const auto back = decode_vector(encode_vector(v));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, v);
  EXPECT_FALSE(decode_vector(""));
  EXPECT_FALSE(decode_vector("not base64!"));
  EXPECT_FALSE(decode_vector("AAE="));  // two bytes: not whole float32 values
}

TEST(KnowledgeVectors, DotOfDifferentLengthsIsZero) {
  EXPECT_EQ(dot({1, 0}, {1, 0, 0}), 0.0);
  EXPECT_NEAR(dot({1, 0}, {0.5F, 0.5F}), 0.5, 1e-9);
}

TEST(KnowledgeVectors, FusesRankingsByReciprocalRank) {
  // 7 is second and first: 1/62 + 1/61 beats 5's 1/61 alone and 9's 1/62.
  const auto fused = fuse_rankings({{5, 7}, {7, 9}});
  ASSERT_EQ(fused.size(), 3U);
  EXPECT_EQ(fused[0].first, 7);
  EXPECT_NEAR(fused[0].second, 1.0 / 62 + 1.0 / 61, 1e-12);
  EXPECT_EQ(fused[1].first, 5);
  EXPECT_EQ(fused[2].first, 9);
  // Equal scores keep the order of first appearance.
  const auto tied = fuse_rankings({{1}, {2}});
  EXPECT_EQ(tied[0].first, 1);
  EXPECT_EQ(tied[1].first, 2);
}

}  // namespace
}  // namespace agentry::knowledge
