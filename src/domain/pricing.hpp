#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// What hosted runs cost: a price per million input and output tokens for each model, in
// micro-credits (1 credit = 1 US dollar in the seeds' tables), less the plan's volume discount.
namespace agentry::pricing {

struct ModelPrice {
  std::string model;                    // "gpt-4o-mini"
  std::int64_t input_per_million = 0;   // micro-credits per 1,000,000 input tokens
  std::int64_t output_per_million = 0;  // micro-credits per 1,000,000 output tokens
  std::int64_t context_tokens = 0;
};

// The seeds' table: gpt-4o 3.25 / 13.00, gpt-4o-mini 0.20 / 0.60 (the default model),
// claude-sonnet-4 3.90 / 19.50 credits per million input / output tokens.
std::vector<ModelPrice> default_prices();

class PriceTable {
 public:
  explicit PriceTable(std::vector<ModelPrice> prices);
  // The model's price, or nullptr for a model agentry does not price.
  const ModelPrice* find(std::string_view model) const;
  const std::vector<ModelPrice>& all() const { return prices_; }

 private:
  std::vector<ModelPrice> prices_;
};

// The cost of one call in micro-credits: tokens at the model's prices, less `discount_percent`
// (0–100), rounded up to a whole micro-credit so that a call is never free by rounding.
std::int64_t token_cost(const ModelPrice& price, std::int64_t input_tokens,
                        std::int64_t output_tokens, std::int64_t discount_percent);

}  // namespace agentry::pricing
