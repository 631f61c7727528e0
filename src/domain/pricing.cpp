#include "domain/pricing.hpp"

#include <limits>
#include <stdexcept>

#include "core/wide_int.hpp"

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
  // In units of 1e-8 micro-credit (per million tokens × percent), in 128 bits: any token count
  // at any price fits, and a cost past 2^63 - 1 micro-credits comes back as that maximum, which
  // every caller refuses (no amount may pass ledger::max_amount_micro).
  using Wide = WideInt;
  const Wide gross =
      Wide{input_tokens} * price.input_per_million + Wide{output_tokens} * price.output_per_million;
  const Wide scaled = gross * (100 - discount_percent);
  constexpr Wide unit = Wide{1'000'000} * 100;
  const Wide cost = (scaled + unit - 1) / unit;
  constexpr Wide most = std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(cost > most ? most : cost);
}

}  // namespace agentry::pricing
