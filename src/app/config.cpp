#include "app/config.hpp"

#include <charconv>
#include <stdexcept>

namespace agentry::app {

void split_listen(const std::string& listen, std::string& host, std::uint16_t& port,
                  std::string_view option) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw std::invalid_argument(std::string(option) + " must be HOST:PORT, got \"" + listen + "\"");
  }
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string digits = listen.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || value > 65535) {
    throw std::invalid_argument(std::string(option) + " port must be 0-65535, got \"" + digits +
                                "\"");
  }
  port = static_cast<std::uint16_t>(value);
}

}  // namespace agentry::app
