// The parser of a provider's Server-Sent Events stream, fed in pieces of every size: the first
// byte chooses the piece length, so that lines and CRLFs split across reads are exercised.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/sse_parser.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 16;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  agentry::runtime::SseParser parser(4096);
  std::size_t events = 0;
  auto on_event = [&](const agentry::runtime::SseParser::Event&) -> agentry::Result<void> {
    ++events;
    return {};
  };
  while (!rest.empty()) {
    const std::string_view now = rest.substr(0, piece);
    rest.remove_prefix(now.size());
    if (!parser.feed(now, on_event)) return 0;
  }
  return 0;
}
