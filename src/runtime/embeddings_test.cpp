#include "runtime/embeddings.hpp"

#include <gtest/gtest.h>

#include <string>

// The OpenAI /embeddings answer as the embeddings provider reads it.
namespace agentry::runtime {
namespace {

TEST(Embeddings, ReadsTheVectorsInTheInputsOrderAtUnitLength) {
  // Items may come in any order: each says which input it belongs to.
  const auto v = parse_embeddings(
      R"({"object":"list","data":[{"object":"embedding","index":1,"embedding":[0,2]},)"
      R"({"object":"embedding","index":0,"embedding":[3,4]}],"model":"m",)"
      R"("usage":{"prompt_tokens":2,"total_tokens":2}})",
      2);
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_EQ(v->size(), 2U);
  EXPECT_FLOAT_EQ((*v)[0][0], 0.6F);
  EXPECT_FLOAT_EQ((*v)[0][1], 0.8F);
  EXPECT_FLOAT_EQ((*v)[1][0], 0.0F);
  EXPECT_FLOAT_EQ((*v)[1][1], 1.0F);
}

TEST(Embeddings, RefusesAnswersThatDoNotFitTheRequest) {
  for (const char* bad : {
           "not json",
           R"({"data":{}})",
           R"({"data":[{"index":0,"embedding":[1,0]}]})",                            // one for two
           R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]}]})",  // repeated
           R"({"data":[{"index":0,"embedding":[1]},{"index":2,"embedding":[1]}]})",  // out of range
           R"({"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[1]}]})",    // lengths
           R"({"data":[{"index":0,"embedding":[0,0]},{"index":1,"embedding":[1,0]}]})",  // zero
           R"({"data":[{"index":0,"embedding":["a"]},{"index":1,"embedding":[1]}]})",
           R"({"data":[{"index":0,"embedding":"AAAA"},{"index":1,"embedding":[1]}]})",
       }) {
    const auto v = parse_embeddings(bad, 2);
    ASSERT_FALSE(v) << bad;
    EXPECT_EQ(v.error().code, Errc::unavailable) << bad;
  }
}

}  // namespace
}  // namespace agentry::runtime
