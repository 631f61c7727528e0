#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

// URLs given by users (agent endpoints, later webhook URLs), parsed once and strictly, so that
// what is checked when a URL is given is exactly what is called later.
namespace agentry::url {

inline constexpr std::size_t max_chars = 2048;

// An absolute http or https URL, split as an HTTP client needs it.
struct HttpUrl {
  bool tls = false;         // https
  std::string host;         // a name or an address, without brackets
  std::uint16_t port = 0;   // given, or the scheme's default
  std::string host_header;  // as the Host header wants it (with the port when given)
  std::string target;       // path (at least "/") and query
};

// Parses `text` as an absolute http:// or https:// URL (RFC 3986). validation_error, with a
// sentence saying what is wrong, for anything else: another scheme, no host, credentials, a
// fragment, a port that is not a number from 1 to 65535, a text over max_chars.
Result<HttpUrl> parse_http(std::string_view text);

// True when `host` (as HttpUrl::host) is this machine's loopback: localhost, 127.x.y.z or ::1.
bool is_loopback_host(std::string_view host);

}  // namespace agentry::url
