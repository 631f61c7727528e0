#include "views/values.hpp"

#include <string_view>

#include "core/clock.hpp"
#include "domain/ledger.hpp"

namespace agentry::views {

void write_credits(JsonWriter& w, std::int64_t micro) {
  w.raw(ledger::format_credits(micro));
}

void write_optional_credits(JsonWriter& w, const std::optional<std::int64_t>& micro) {
  if (micro) {
    write_credits(w, *micro);
  } else {
    w.null();
  }
}

void write_timestamp(JsonWriter& w, std::optional<std::int64_t> at_ms) {
  if (at_ms) {
    const Rfc3339Chars chars = rfc3339_chars(*at_ms);
    w.string(std::string_view(chars.data(), chars.size()));
  } else {
    w.null();
  }
}

}  // namespace agentry::views
