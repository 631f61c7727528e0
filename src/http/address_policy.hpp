#pragma once

#include <boost/asio/ip/address.hpp>

#include <string_view>

// Which resolved addresses agentry may call when a user gives it a URL (a remote agent's
// endpoint, a webhook): only public unicast ones. The outbound client resolves a host, checks
// every address here, then connects to the checked address itself, so DNS cannot swap in
// another one between the check and the connection.
namespace agentry::http {

enum class AddressKind {
  public_unicast,
  unspecified,  // 0.0.0.0/8, ::
  loopback,     // 127.0.0.0/8, ::1
  private_use,  // 10/8, 172.16/12, 192.168/16, fc00::/7
  link_local,   // 169.254/16, fe80::/10
  shared,       // 100.64/10: carrier-grade NAT
  multicast,    // 224/4, ff00::/8
  reserved,     // 240/4 and broadcast, IETF, documentation, benchmarking, discard prefixes
  translated,   // IPv4 inside IPv6: ::ffff:0:0/96, 64:ff9b::/96, 64:ff9b:1::/48, 2002::/16,
                // 2001::/32 (Teredo) — refused, as they reach IPv4 hosts by another name
};

AddressKind classify(const boost::asio::ip::address& address);

// True only for public_unicast.
inline bool may_call(const boost::asio::ip::address& address) {
  return classify(address) == AddressKind::public_unicast;
}

std::string_view to_string(AddressKind kind);

}  // namespace agentry::http
