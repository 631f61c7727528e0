// RFC 3339 timestamps (deadlines, since=, expiresAt): whatever parses formats back to a text
// that parses to the same instant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/clock.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto at = agentry::parse_rfc3339(text);
  if (!at) return 0;
  const auto again = agentry::parse_rfc3339(agentry::format_rfc3339(*at));
  if (!again || *again != *at) std::abort();
  return 0;
}
