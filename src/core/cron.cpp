#include "core/cron.hpp"

#include <date/date.h>

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace agentry::cron {
namespace {

struct FieldSpec {
  std::string_view name;
  int min;
  int max;
  const std::array<std::string_view, 12>* names;  // index 0 is `min`
  bool day_field;
};

constexpr std::array<std::string_view, 12> month_names = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 12> weekday_names = {
    "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "", "", "", "", ""};

constexpr FieldSpec second_spec{"second", 0, 59, nullptr, false};
constexpr FieldSpec minute_spec{"minute", 0, 59, nullptr, false};
constexpr FieldSpec hour_spec{"hour", 0, 23, nullptr, false};
constexpr FieldSpec day_spec{"day of month", 1, 31, nullptr, true};
constexpr FieldSpec month_spec{"month", 1, 12, &month_names, false};
constexpr FieldSpec weekday_spec{"day of week", 0, 7, &weekday_names, true};

Error invalid(const FieldSpec& spec, std::string_view what) {
  return make_error(Errc::validation_error,
                    "the " + std::string(spec.name) + " field " + std::string(what), "cron");
}

bool equal_upper(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// A number or, where the field has them, a name.
Result<int> value_of(const FieldSpec& spec, std::string_view text) {
  if (text.empty()) return invalid(spec, "has an empty value");
  if (spec.names != nullptr) {
    for (std::size_t i = 0; i < spec.names->size(); ++i) {
      if (!(*spec.names)[i].empty() && equal_upper(text, (*spec.names)[i])) {
        return spec.min + static_cast<int>(i);
      }
    }
  }
  int value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.size() > 3) {
    return invalid(spec, "has `" + std::string(text) + "`, not a number");
  }
  if (value < spec.min || value > spec.max) {
    return invalid(spec, "has " + std::to_string(value) + ", outside " + std::to_string(spec.min) +
                             "–" + std::to_string(spec.max));
  }
  return value;
}

struct Parsed {
  std::vector<bool> values;
  bool star = false;  // exactly `*` (or `?` in a day field)
  bool starts_with_star = false;
};

Result<Parsed> parse_field(const FieldSpec& spec, std::string_view text) {
  Parsed out;
  out.values.assign(static_cast<std::size_t>(spec.max) + 1, false);
  if (text == "*" || (spec.day_field && text == "?")) {
    out.star = out.starts_with_star = true;
    for (int v = spec.min; v <= spec.max; ++v) out.values[static_cast<std::size_t>(v)] = true;
    return out;
  }
  bool first = true;
  std::size_t at = 0;
  while (true) {
    std::size_t comma = text.find(',', at);
    std::string_view item =
        text.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    if (item.empty()) return invalid(spec, "has an empty list item");
    std::string_view range = item;
    int step = 1;
    bool stepped = false;
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      std::string_view step_text = item.substr(slash + 1);
      const auto* end = step_text.data() + step_text.size();
      auto [ptr, ec] = std::from_chars(step_text.data(), end, step);
      if (step_text.empty() || ec != std::errc{} || ptr != end || step_text.size() > 3) {
        return invalid(spec, "has a step `" + std::string(step_text) + "`, not a number");
      }
      if (step < 1) return invalid(spec, "has a step of 0");
      stepped = true;
    }
    int low = 0;
    int high = 0;
    if (range == "*" || (spec.day_field && range == "?")) {
      low = spec.min;
      high = spec.max;
      if (first) out.starts_with_star = true;
    } else if (auto dash = range.find('-'); dash != std::string_view::npos) {
      auto from = value_of(spec, range.substr(0, dash));
      if (!from) return from.error();
      auto to = value_of(spec, range.substr(dash + 1));
      if (!to) return to.error();
      if (*from > *to) {
        return invalid(spec, "has the range " + std::string(range) + ", which runs backwards");
      }
      low = *from;
      high = *to;
    } else {
      auto one = value_of(spec, range);
      if (!one) return one.error();
      low = *one;
      high = stepped ? spec.max : *one;
    }
    for (int v = low; v <= high; v += step) out.values[static_cast<std::size_t>(v)] = true;
    first = false;
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return out;
}

template <std::size_t N>
void fill(std::bitset<N>& bits, const Parsed& parsed, int offset = 0) {
  for (std::size_t v = 0; v < parsed.values.size(); ++v) {
    if (parsed.values[v]) bits.set(static_cast<std::size_t>(static_cast<int>(v) - offset));
  }
}

std::string_view macro(std::string_view text) {
  struct Macro {
    std::string_view name;
    std::string_view fields;
  };
  static constexpr std::array<Macro, 7> macros = {{{"@yearly", "0 0 1 1 *"},
                                                   {"@annually", "0 0 1 1 *"},
                                                   {"@monthly", "0 0 1 * *"},
                                                   {"@weekly", "0 0 * * 0"},
                                                   {"@daily", "0 0 * * *"},
                                                   {"@midnight", "0 0 * * *"},
                                                   {"@hourly", "0 * * * *"}}};
  for (const auto& m : macros) {
    if (text.size() != m.name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < text.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(text[i])) == m.name[i];
    }
    if (same) return m.fields;
  }
  return {};
}

// Days since 1970-01-01 of a civil date, and back.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  const date::sys_days day{date::year{static_cast<int>(y)} / date::month{m} / date::day{d}};
  return day.time_since_epoch().count();
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t z) {
  const date::year_month_day ymd{date::sys_days{date::days{z}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

template <std::size_t N>
int next_set(const std::bitset<N>& bits, int from) {
  for (auto i = static_cast<std::size_t>(from); i < N; ++i) {
    if (bits.test(i)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

bool Expression::matches_date(int year, unsigned month, unsigned day) const {
  if (!months.test(month)) return false;
  const std::int64_t z = days_from_civil(year, month, day);
  // 1970-01-01 was a Thursday (4).
  const auto weekday = static_cast<std::size_t>(((z % 7) + 11) % 7);
  const bool by_day = days.test(day);
  const bool by_weekday = weekdays.test(weekday);
  if (days_restricted && weekdays_restricted) return by_day || by_weekday;
  if (days_restricted) return by_day;
  if (weekdays_restricted) return by_weekday;
  return true;
}

Result<Expression> parse(std::string_view text, bool allow_seconds) {
  if (text.size() > max_expression_chars) {
    return make_error(
        Errc::validation_error,
        "the expression is longer than " + std::to_string(max_expression_chars) + " characters",
        "cron");
  }
  std::vector<std::string_view> fields;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
    if (at >= text.size()) break;
    std::size_t end = at;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    fields.push_back(text.substr(at, end - at));
    at = end;
  }
  if (fields.size() == 1 && !fields[0].empty() && fields[0][0] == '@') {
    std::string_view expanded = macro(fields[0]);
    if (expanded.empty()) {
      return make_error(Errc::validation_error,
                        "`" + std::string(fields[0]) +
                            "` is not a macro: use @yearly, @annually, @monthly, @weekly, "
                            "@daily, @midnight or @hourly",
                        "cron");
    }
    return parse(expanded, false);
  }
  const bool six = fields.size() == 6;
  if (fields.size() != 5 && !(six && allow_seconds)) {
    return make_error(
        Errc::validation_error,
        std::string("an expression has five fields (minute hour day-of-month month day-of-week)") +
            (allow_seconds ? ", or six with seconds first" : "") + ", not " +
            std::to_string(fields.size()),
        "cron");
  }
  Expression out;
  out.has_seconds = six;
  std::size_t i = 0;
  if (six) {
    auto s = parse_field(second_spec, fields[i++]);
    if (!s) return s.error();
    fill(out.seconds, *s);
  } else {
    out.seconds.set(0);
  }
  auto minute = parse_field(minute_spec, fields[i++]);
  if (!minute) return minute.error();
  auto hour = parse_field(hour_spec, fields[i++]);
  if (!hour) return hour.error();
  auto day = parse_field(day_spec, fields[i++]);
  if (!day) return day.error();
  auto month = parse_field(month_spec, fields[i++]);
  if (!month) return month.error();
  auto weekday = parse_field(weekday_spec, fields[i++]);
  if (!weekday) return weekday.error();
  fill(out.minutes, *minute);
  fill(out.hours, *hour);
  fill(out.days, *day);
  fill(out.months, *month);
  if (weekday->values[7]) weekday->values[0] = true;
  weekday->values.resize(7);
  fill(out.weekdays, *weekday);
  out.days_restricted = !day->star;
  out.weekdays_restricted = !weekday->star;
  out.hourly = hour->starts_with_star;
  return out;
}

std::optional<LocalSeconds> next_local(const Expression& expr, LocalSeconds after,
                                       int horizon_years) {
  constexpr std::int64_t day_seconds = 86'400;
  constexpr std::int64_t hour_seconds = 3'600;
  constexpr std::int64_t minute_seconds = 60;
  LocalSeconds t = after + 1;
  const std::int64_t last_year = civil_from_days(floor_div(t, day_seconds)).year + horizon_years;
  while (true) {
    const std::int64_t z = floor_div(t, day_seconds);
    const Civil date = civil_from_days(z);
    if (date.year > last_year) return std::nullopt;
    if (!expr.months.test(date.month)) {
      const std::int64_t y = date.month == 12 ? date.year + 1 : date.year;
      const unsigned m = date.month == 12 ? 1 : date.month + 1;
      t = days_from_civil(y, m, 1) * day_seconds;
      continue;
    }
    if (!expr.matches_date(static_cast<int>(date.year), date.month, date.day)) {
      t = (z + 1) * day_seconds;
      continue;
    }
    const std::int64_t of_day = t - z * day_seconds;
    const int hour = static_cast<int>(of_day / 3600);
    const int minute = static_cast<int>((of_day % 3600) / 60);
    const int second = static_cast<int>(of_day % 60);
    const int h = next_set(expr.hours, hour);
    if (h < 0) {
      t = (z + 1) * day_seconds;
      continue;
    }
    if (h != hour) {
      t = z * day_seconds + h * hour_seconds;
      continue;
    }
    const int m = next_set(expr.minutes, minute);
    if (m < 0) {
      t = z * day_seconds + (hour + 1) * hour_seconds;
      continue;
    }
    if (m != minute) {
      t = z * day_seconds + hour * hour_seconds + m * minute_seconds;
      continue;
    }
    const int s = next_set(expr.seconds, second);
    if (s < 0) {
      t = z * day_seconds + hour * hour_seconds + (minute + 1) * minute_seconds;
      continue;
    }
    return z * day_seconds + hour * hour_seconds + minute * minute_seconds + s;
  }
}

}  // namespace agentry::cron
