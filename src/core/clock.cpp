#include "core/clock.hpp"

namespace agentry {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, unsigned& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return true;
}

}  // namespace

UnixMs SystemClock::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Rfc3339Chars rfc3339_chars(UnixMs at_ms) {
  std::int64_t days = at_ms / 86'400'000;
  std::int64_t rem = at_ms % 86'400'000;
  if (rem < 0) {
    rem += 86'400'000;
    --days;
  }
  const Civil c = civil_from_days(days);
  // Hand-formatted: this runs for every timestamp in every response, and snprintf is slow.
  Rfc3339Chars out{'0', '0', '0', '0', '-', '0', '1', '-', '0', '1', 'T', '0',
                   '0', ':', '0', '0', ':', '0', '0', '.', '0', '0', '0', 'Z'};
  if (c.year < 0 || c.year > 9999) return out;  // outside RFC 3339: 0000-01-01T00:00:00.000Z
  auto put = [&out](std::size_t pos, std::size_t width, std::int64_t value) {
    for (std::size_t i = 0; i < width; ++i) {
      out[pos + width - 1 - i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 4, c.year);
  put(5, 2, c.month);
  put(8, 2, c.day);
  put(11, 2, rem / 3'600'000);
  put(14, 2, rem / 60'000 % 60);
  put(17, 2, rem / 1000 % 60);
  put(20, 3, rem % 1000);
  return out;
}

std::string format_rfc3339(UnixMs at_ms) {
  const Rfc3339Chars chars = rfc3339_chars(at_ms);
  return {chars.data(), chars.size()};
}

std::string utc_date(UnixMs at_ms) {
  const Rfc3339Chars chars = rfc3339_chars(at_ms);
  return {chars.data(), 10};
}

std::string utc_month(UnixMs at_ms) {
  const Rfc3339Chars chars = rfc3339_chars(at_ms);
  return {chars.data(), 7};
}

std::optional<UnixMs> parse_rfc3339(std::string_view text) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || !read_digits(text, 0, 4, year) || text[4] != '-' ||
      !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't') || !read_digits(text, 11, 2, hour) || text[13] != ':' ||
      !read_digits(text, 14, 2, minute) || text[16] != ':' || !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  }
  std::int64_t offset_min = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    unsigned oh = 0, om = 0;
    if (!read_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_min = (text[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t days = days_from_civil(year, month, day);
  if (civil_from_days(days).day != day) return std::nullopt;  // e.g. February 30th
  const std::int64_t at_ms = ((days * 24 + hour) * 60 + minute - offset_min) * 60'000 +
                             static_cast<std::int64_t>(std::min(second, 59U)) * 1000 + millis;
  // An offset can carry a time written in year 0000 or 9999 outside them; RFC 3339 (and the
  // formatter) has no year there.
  static const std::int64_t first_ms = days_from_civil(0, 1, 1) * 86'400'000;
  static const std::int64_t past_last_ms = days_from_civil(10000, 1, 1) * 86'400'000;
  if (at_ms < first_ms || at_ms >= past_last_ms) return std::nullopt;
  return at_ms;
}

}  // namespace agentry
