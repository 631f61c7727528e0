// Remote agents' endpoint URLs and the outbound address policy: what parses is an http(s) URL
// with a host and a port, and an address literal host is classified without fault.
#include <boost/asio/ip/address.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/url.hpp"
#include "http/address_policy.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto url = agentry::url::parse_http(text);
  (void)agentry::url::is_loopback_host(text);
  if (!url) return 0;
  if (url->host.empty() || url->port == 0 || url->target.empty() || url->target[0] != '/') {
    std::abort();
  }
  (void)agentry::url::is_loopback_host(url->host);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(url->host, ec);
  if (!ec) (void)agentry::http::to_string(agentry::http::classify(address));
  return 0;
}
