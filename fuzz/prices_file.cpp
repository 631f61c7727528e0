// The operator's model prices file (--prices-file): any text gives the prices or a runtime_error
// naming the problem, and the prices it gives build a price table.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "app/prices_file.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto prices = agentry::app::parse_prices(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    const agentry::pricing::PriceTable table(std::move(prices));
    (void)table.find("gpt-4o");
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
