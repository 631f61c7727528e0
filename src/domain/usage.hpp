#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/usage_counter.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// What an account used, per UTC day: its authenticated requests and its credits by kind of
// movement (GET /v1/usage).
namespace agentry::usage {

struct Report {
  std::vector<store::DayCount> requests;    // days with requests, in order
  std::vector<store::CreditUsage> credits;  // per day, kind and agent, in order of day
};

// The account's usage from the UTC day that starts at `from_day_ms` through the one that starts
// at `to_day_ms`, both included.
Report report(store::Tx& tx, const std::string& account_id, std::int64_t from_day_ms,
              std::int64_t to_day_ms);

// Adds requests counted in memory (RequestCounter::take) to the stored counts.
void record(store::Tx& tx, const std::vector<RequestCounter::Count>& counts);

}  // namespace agentry::usage
