#include "domain/pricing.hpp"

#include <stdexcept>

namespace agentry::pricing {

std::vector<ModelPrice> default_prices() {
  return {{"gpt-4o", 3'250'000, 13'000'000, 128'000},
          {"gpt-4o-mini", 200'000, 600'000, 128'000},
          {"claude-sonnet-4", 3'900'000, 19'500'000, 200'000}};
}

PriceTable::PriceTable(std::vector<ModelPrice> prices) : prices_(std::move(prices)) {}

const ModelPrice* PriceTable::find(std::string_view model) const {
  for (const ModelPrice& p : prices_) {
    if (p.model == model) return &p;
  }
  return nullptr;
}

std::int64_t token_cost(const ModelPrice& price, std::int64_t input_tokens,
                        std::int64_t output_tokens, std::int64_t discount_percent) {
  if (input_tokens < 0 || output_tokens < 0 || discount_percent < 0 || discount_percent > 100) {
    throw std::invalid_argument("token_cost: negative tokens or a discount outside 0-100");
  }
  // In units of 1e-8 micro-credit (per million tokens × percent), which fits 64 bits for up to
  // ~4.7e8 tokens per call at the dearest price in the table — far beyond any context window.
  const std::int64_t gross =
      input_tokens * price.input_per_million + output_tokens * price.output_per_million;
  const std::int64_t scaled = gross * (100 - discount_percent);
  constexpr std::int64_t unit = 1'000'000LL * 100;
  return (scaled + unit - 1) / unit;
}

}  // namespace agentry::pricing
