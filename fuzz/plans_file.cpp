// The operator's plans file (--plans-file): any text gives the plans or a runtime_error naming
// the problem.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "app/plans_file.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)agentry::app::parse_plans(std::string_view(reinterpret_cast<const char*>(data), size),
                                    "fuzz.json");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
