#include "domain/usage.hpp"

#include "core/clock.hpp"
#include "store/ledger_queries.hpp"

namespace agentry::usage {

Report report(store::Tx& tx, const std::string& account_id, std::int64_t from_day_ms,
              std::int64_t to_day_ms) {
  return Report{
      .requests =
          store::requests_by_day(tx, account_id, utc_date(from_day_ms), utc_date(to_day_ms)),
      .credits = store::credits_by_day(tx, account_id, from_day_ms, to_day_ms + ms_per_day)};
}

void record(store::Tx& tx, const std::vector<RequestCounter::Count>& counts) {
  for (const auto& c : counts) {
    store::add_requests(tx, c.account_id, utc_date(c.day * ms_per_day), c.count);
  }
}

}  // namespace agentry::usage
