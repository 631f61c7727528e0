#include "api/session_cookie.hpp"

#include <boost/asio/ip/address.hpp>

#include "domain/web_sessions.hpp"
#include "http/address_policy.hpp"

namespace agentry::api::session_cookie {
namespace {

bool loopback_address(std::string_view text) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(text, ec);
  return !ec && http::classify(address) == http::AddressKind::loopback;
}

// The host of a Host header, without its port ("[::1]:8080" → "::1").
std::string_view host_name(std::string_view host) {
  if (host.starts_with('[')) {
    const std::size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(1, close - 1);
  }
  return host.substr(0, host.find(':'));
}

bool on_loopback(const http::Request& request) {
  const std::string_view host = host_name(request.header("host"));
  return loopback_address(request.remote_address) &&
         (host == "localhost" || loopback_address(host));
}

std::string cookie(const http::Request& request, std::string_view value, std::int64_t max_age_s) {
  std::string out(web_sessions::cookie_name);
  out += '=';
  out += value;
  out += "; Path=/; Max-Age=" + std::to_string(max_age_s) + "; HttpOnly; SameSite=Strict";
  if (!on_loopback(request)) out += "; Secure";
  return out;
}

}  // namespace

std::optional<std::string> token_of(const http::Request& request) {
  std::string_view rest = request.header("cookie");
  while (!rest.empty()) {
    const std::size_t semicolon = rest.find(';');
    std::string_view pair = rest.substr(0, semicolon);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == web_sessions::cookie_name) {
      std::string_view value = pair.substr(equals + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (!value.empty()) return std::string(value);
    }
    if (semicolon == std::string_view::npos) break;
    rest.remove_prefix(semicolon + 1);
  }
  return std::nullopt;
}

std::string set(const http::Request& request, const std::string& token, std::int64_t max_age_s) {
  return cookie(request, token, max_age_s);
}

std::string clear(const http::Request& request) {
  return cookie(request, "", 0);
}

}  // namespace agentry::api::session_cookie
