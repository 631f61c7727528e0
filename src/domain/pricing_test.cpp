#include "domain/pricing.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace agentry::pricing {
namespace {

TEST(PricingTest, TheDefaultsAreTheSeedsTable) {
  const PriceTable table(default_prices());
  ASSERT_NE(table.find("gpt-4o-mini"), nullptr);
  EXPECT_EQ(table.find("gpt-4o")->output_per_million, 13'000'000);
  EXPECT_EQ(table.find("claude-sonnet-4")->input_per_million, 3'900'000);
  EXPECT_EQ(table.find("claude-sonnet-4")->context_tokens, 200'000);
  EXPECT_EQ(table.find("gpt-5"), nullptr);
}

TEST(PricingTest, CostsTokensLessTheDiscountRoundedUp) {
  const PriceTable table(default_prices());
  const ModelPrice& gpt4o = *table.find("gpt-4o");
  // 1M input + 1M output tokens: 3.25 + 13.00 credits.
  EXPECT_EQ(token_cost(gpt4o, 1'000'000, 1'000'000, 0), 16'250'000);
  // Pro's 10 % volume discount.
  EXPECT_EQ(token_cost(gpt4o, 1'000'000, 1'000'000, 10), 14'625'000);
  // One token of gpt-4o-mini input is 0.2 µcr: charged as 1 µcr, never 0.
  EXPECT_EQ(token_cost(*table.find("gpt-4o-mini"), 1, 0, 0), 1);
  EXPECT_EQ(token_cost(gpt4o, 0, 0, 0), 0);
  EXPECT_EQ(token_cost(gpt4o, 1000, 500, 100), 0) << "a 100 % discount is free";
  EXPECT_THROW(token_cost(gpt4o, -1, 0, 0), std::invalid_argument);
  EXPECT_THROW(token_cost(gpt4o, 1, 0, 101), std::invalid_argument);
}

TEST(PricingTest, ACostPast64BitsComesBackAsTheMaximumNotWrapped) {
  const ModelPrice dearest{"dear", 1'000'000'000'000, 1'000'000'000'000, 8192};
  constexpr auto most = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(token_cost(dearest, most, most, 0), most);
  EXPECT_EQ(token_cost(dearest, 10'000'000, 0, 0), 10'000'000'000'000) << "no overflow inside";
}

}  // namespace
}  // namespace agentry::pricing
