#include "api/credits_input.hpp"

#include <cmath>
#include <string>

#include "domain/ledger.hpp"

namespace agentry::api {

Result<std::int64_t> micro_credits(const boost::json::value& v, std::string_view field) {
  constexpr std::int64_t max_credits = ledger::max_amount_micro / ledger::micro_per_credit;
  const auto bad = [&] {
    return make_error(Errc::validation_error,
                      std::string(field) + ": must be a number of credits from 0 to " +
                          std::to_string(max_credits) + " with at most 6 decimals",
                      std::string(field));
  };
  if (!v.is_number()) return bad();
  const double credits_value = v.to_number<double>();
  if (!(credits_value >= 0 && credits_value <= static_cast<double>(max_credits))) return bad();
  const double scaled = credits_value * 1e6;
  const double rounded = std::round(scaled);
  if (std::fabs(scaled - rounded) > 1e-3) return bad();
  return static_cast<std::int64_t>(rounded);
}

}  // namespace agentry::api
