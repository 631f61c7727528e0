#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/cron.hpp"
#include "core/result.hpp"

namespace date {
class time_zone;
}

// When a cron expression fires in an IANA time zone, read from the system's tz database
// (Howard Hinnant's date/tz). Times are milliseconds since the epoch (UTC).
namespace agentry::cron {

class Zone {
 public:
  // Errors: validation_error when `name` is not a zone of the tz database.
  static Result<Zone> locate(std::string_view name);
  const std::string& name() const { return name_; }

  // The first instant strictly after `after_ms` at which `expr` fires in this zone, on whole
  // seconds, or nullopt when it never does (within the search horizon). Across daylight-saving
  // changes: see Expression::hourly.
  std::optional<std::int64_t> next(const Expression& expr, std::int64_t after_ms) const;

 private:
  Zone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;  // of the process-wide database, never freed
  std::string name_;
};

}  // namespace agentry::cron
