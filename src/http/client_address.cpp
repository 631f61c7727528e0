#include "http/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <stdexcept>

namespace agentry::http {
namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Every address as 16 bytes: IPv4 as IPv4-mapped IPv6, so one comparison serves both.
std::array<unsigned char, 16> bytes_of(const ip::address& a) {
  return a.is_v4() ? ip::make_address_v6(ip::v4_mapped, a.to_v4()).to_bytes()
                   : a.to_v6().to_bytes();
}

bool same_prefix(const std::array<unsigned char, 16>& a, const std::array<unsigned char, 16>& b,
                 unsigned bits) {
  for (unsigned i = 0; i < 16 && bits > 0; ++i) {
    const unsigned take = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<unsigned char>(0xFF << (8 - take));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

}  // namespace

TrustedProxies TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string entry(trim(list.substr(0, comma)));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    boost::system::error_code ec;
    Range range;
    if (entry.find('/') == std::string::npos) {
      const ip::address a = ip::make_address(entry, ec);
      if (!ec) range = {bytes_of(a), 128};
    } else if (entry.find(':') != std::string::npos) {
      const auto net = ip::make_network_v6(entry, ec);
      if (!ec) range = {net.address().to_bytes(), static_cast<unsigned>(net.prefix_length())};
    } else {
      const auto net = ip::make_network_v4(entry, ec);
      if (!ec) range = {bytes_of(net.address()), 96U + net.prefix_length()};
    }
    if (ec) {
      throw std::invalid_argument("--trusted-proxies: \"" + entry +
                                  "\" is neither an address nor a CIDR range");
    }
    out.ranges_.push_back(range);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view address) const {
  boost::system::error_code ec;
  const ip::address a = ip::make_address(std::string(address), ec);
  if (ec) return false;
  const auto bytes = bytes_of(a);
  for (const Range& r : ranges_) {
    if (same_prefix(bytes, r.bytes, r.prefix_bits)) return true;
  }
  return false;
}

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted) {
  if (trusted.empty() || !trusted.contains(peer)) return peer;
  std::string current = peer;
  while (!forwarded_for.empty()) {
    const std::size_t comma = forwarded_for.rfind(',');
    const std::string entry(
        trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1)));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    boost::system::error_code ec;
    const ip::address hop = ip::make_address(entry, ec);
    if (ec) break;
    // An IPv4-mapped address is reported as the IPv4 it is.
    current = hop.is_v6() && hop.to_v6().is_v4_mapped()
                  ? ip::make_address_v4(ip::v4_mapped, hop.to_v6()).to_string()
                  : hop.to_string();
    if (!trusted.contains(current)) break;
  }
  return current;
}

}  // namespace agentry::http
