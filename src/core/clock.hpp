#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agentry {

// Milliseconds since the Unix epoch: the one time unit stored and passed around.
using UnixMs = std::int64_t;

// The source of wall-clock time. Injected so tests can move time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixMs now_ms() const override;
};

// A clock that stands still until moved; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMs start_ms) : now_ms_(start_ms) {}
  UnixMs now_ms() const override { return now_ms_; }
  void advance_ms(UnixMs delta_ms) { now_ms_ += delta_ms; }

 private:
  UnixMs now_ms_;
};

// Formats as RFC 3339 UTC with milliseconds, e.g. "2026-01-15T10:30:00.000Z".
std::string format_rfc3339(UnixMs at_ms);

// The same 24 characters without a heap allocation, for writers on hot paths.
using Rfc3339Chars = std::array<char, 24>;
Rfc3339Chars rfc3339_chars(UnixMs at_ms);

inline constexpr std::int64_t ms_per_day = 86'400'000;

// The UTC calendar day of `at_ms` ("2026-01-15") and month ("2026-01").
std::string utc_date(UnixMs at_ms);
std::string utc_month(UnixMs at_ms);

// Parses an RFC 3339 timestamp ("Z" or a numeric offset, optional fraction). Empty when invalid.
std::optional<UnixMs> parse_rfc3339(std::string_view text);

}  // namespace agentry
