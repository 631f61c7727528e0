#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

// Cron expressions: five fields (minute hour day-of-month month day-of-week), optionally a
// leading sixth for seconds, or a macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight,
// @hourly). Each field is a comma list of `*`, a value, a range `a-b`, any of them with a step
// `/n`, or `a/n` (from a to the field's end); months and days of the week may be named (JAN,
// MON), Sunday is 0 or 7, `?` stands for `*` in the two day fields. When both day fields are
// restricted (neither is `*`), a day matches either; otherwise the restricted one decides.
namespace agentry::cron {

inline constexpr std::size_t max_expression_chars = 256;

struct Expression {
  std::bitset<60> seconds;
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;     // 1–31
  std::bitset<13> months;   // 1–12
  std::bitset<7> weekdays;  // 0 (Sunday) – 6
  bool days_restricted = false;
  bool weekdays_restricted = false;
  // The hour field is `*` or `*/n`: the schedule follows elapsed time across a daylight-saving
  // change (a repeated hour fires twice, a skipped one not at all). A schedule with set hours
  // follows the wall clock: a time the clock skips fires at the change, a repeated one once.
  bool hourly = false;
  bool has_seconds = false;  // six fields were given

  // Whether the civil date matches the month and day fields.
  bool matches_date(int year, unsigned month, unsigned day) const;
};

// Parses `text`. Errors: validation_error with a message naming the field and what is wrong;
// six fields only when `allow_seconds`.
Result<Expression> parse(std::string_view text, bool allow_seconds);

// Seconds since 1970-01-01 00:00:00 of a civil time (no zone: the wall clock of some zone).
using LocalSeconds = std::int64_t;

// The first civil time strictly after `after` that matches `expr`, or nullopt when none comes
// within `horizon_years` (an expression such as `0 0 30 2 *` never matches).
std::optional<LocalSeconds> next_local(const Expression& expr, LocalSeconds after,
                                       int horizon_years = 8);

// a / b rounded towards minus infinity.
std::int64_t floor_div(std::int64_t a, std::int64_t b);

}  // namespace agentry::cron
