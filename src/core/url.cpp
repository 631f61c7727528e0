#include "core/url.hpp"

#include <boost/url/parse.hpp>

#include <charconv>

namespace agentry::url {

namespace {
Error invalid(std::string message) {
  return make_error(Errc::validation_error, std::move(message));
}
}  // namespace

Result<HttpUrl> parse_http(std::string_view text) {
  if (text.size() > max_chars) {
    return invalid("the URL is longer than " + std::to_string(max_chars) + " characters");
  }
  auto u = boost::urls::parse_uri(text);
  if (!u) return invalid("not an absolute URL");
  HttpUrl out;
  if (u->scheme_id() == boost::urls::scheme::https) {
    out.tls = true;
  } else if (u->scheme_id() != boost::urls::scheme::http) {
    return invalid("the URL's scheme must be http or https");
  }
  if (u->has_userinfo()) return invalid("the URL may not carry credentials");
  if (u->has_fragment()) return invalid("the URL may not have a fragment (#...)");
  out.host = u->host_address();
  if (out.host.empty()) return invalid("the URL has no host");
  // After an authority the path is empty or begins with '/' (RFC 3986 path-abempty). Boost.URL
  // 1.81 reads the host of "http://127.0.0.1.example/" as 127.0.0.1 and the rest as the path;
  // such a URL is refused rather than called at the wrong host.
  if (!u->encoded_path().empty() && !u->encoded_path().starts_with('/')) {
    return invalid("the URL's host is not a name or address this server can read");
  }
  out.port = out.tls ? 443 : 80;
  if (u->has_port()) {
    // Boost.URL reads any run of digits as a port and wraps past 65535; the text decides here.
    const std::string_view digits = u->port();
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || value == 0 ||
        value > 65535) {
      return invalid("the URL's port must be a number from 1 to 65535");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  out.host_header = std::string(u->encoded_host_and_port());
  out.target = u->encoded_path().empty() ? "/" : std::string(u->encoded_path());
  if (u->has_query()) out.target += "?" + std::string(u->encoded_query());
  return out;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  // 127.0.0.0/8 written as a dotted quad.
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

}  // namespace agentry::url
