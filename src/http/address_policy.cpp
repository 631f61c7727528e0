#include "http/address_policy.hpp"

#include <array>
#include <cstdint>

namespace agentry::http {
namespace {

struct V4Range {
  std::uint32_t base;
  int prefix;
  AddressKind kind;
};

constexpr std::uint32_t v4(int a, int b, int c, int d) {
  return (static_cast<std::uint32_t>(a) << 24) | (static_cast<std::uint32_t>(b) << 16) |
         (static_cast<std::uint32_t>(c) << 8) | static_cast<std::uint32_t>(d);
}

// IANA's IPv4 special-purpose registry, as far as it matters for calling out.
constexpr std::array<V4Range, 16> v4_ranges = {{
    {v4(0, 0, 0, 0), 8, AddressKind::unspecified},
    {v4(10, 0, 0, 0), 8, AddressKind::private_use},
    {v4(100, 64, 0, 0), 10, AddressKind::shared},
    {v4(127, 0, 0, 0), 8, AddressKind::loopback},
    {v4(169, 254, 0, 0), 16, AddressKind::link_local},
    {v4(172, 16, 0, 0), 12, AddressKind::private_use},
    {v4(192, 0, 0, 0), 24, AddressKind::reserved},
    {v4(192, 0, 2, 0), 24, AddressKind::reserved},
    {v4(192, 88, 99, 0), 24, AddressKind::reserved},
    {v4(192, 168, 0, 0), 16, AddressKind::private_use},
    {v4(198, 18, 0, 0), 15, AddressKind::reserved},
    {v4(198, 51, 100, 0), 24, AddressKind::reserved},
    {v4(203, 0, 113, 0), 24, AddressKind::reserved},
    {v4(224, 0, 0, 0), 4, AddressKind::multicast},
    {v4(240, 0, 0, 0), 4, AddressKind::reserved},  // includes 255.255.255.255
    {v4(255, 255, 255, 255), 32, AddressKind::reserved},
}};

AddressKind classify_v4(std::uint32_t a) {
  for (const V4Range& r : v4_ranges) {
    const std::uint32_t mask = r.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - r.prefix);
    if ((a & mask) == r.base) return r.kind;
  }
  return AddressKind::public_unicast;
}

using Bytes = boost::asio::ip::address_v6::bytes_type;

bool has_prefix(const Bytes& b, std::initializer_list<std::uint8_t> prefix, int bits) {
  int i = 0;
  for (std::uint8_t p : prefix) {
    const int take = std::min(8, bits - 8 * i);
    if (take <= 0) break;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - take));
    if ((b[static_cast<std::size_t>(i)] & mask) != (p & mask)) return false;
    ++i;
  }
  return true;
}

AddressKind classify_v6(const boost::asio::ip::address_v6& a) {
  const Bytes b = a.to_bytes();
  if (a.is_unspecified()) return AddressKind::unspecified;
  if (a.is_loopback()) return AddressKind::loopback;
  if (a.is_v4_mapped()) return AddressKind::translated;
  if (has_prefix(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 96)) {
    return AddressKind::translated;  // the deprecated IPv4-compatible form ::a.b.c.d
  }
  if (has_prefix(b, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, 96) ||
      has_prefix(b, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48) || has_prefix(b, {0x20, 0x02}, 16) ||
      has_prefix(b, {0x20, 0x01, 0x00, 0x00}, 32)) {
    return AddressKind::translated;
  }
  if (has_prefix(b, {0xfc}, 7)) return AddressKind::private_use;
  if (has_prefix(b, {0xfe, 0x80}, 10)) return AddressKind::link_local;
  if (has_prefix(b, {0xfe, 0xc0}, 10)) return AddressKind::private_use;  // old site-local
  if (has_prefix(b, {0xff}, 8)) return AddressKind::multicast;
  if (has_prefix(b, {0x20, 0x01, 0x0d, 0xb8}, 32) ||
      has_prefix(b, {0x01, 0x00, 0, 0, 0, 0, 0, 0}, 64) || has_prefix(b, {0x20, 0x01, 0x00}, 23)) {
    return AddressKind::reserved;  // documentation, discard, IETF protocol assignments
  }
  // Only global unicast (2000::/3) is public.
  if (!has_prefix(b, {0x20}, 3)) return AddressKind::reserved;
  return AddressKind::public_unicast;
}

}  // namespace

AddressKind classify(const boost::asio::ip::address& address) {
  if (address.is_v4()) return classify_v4(address.to_v4().to_uint());
  return classify_v6(address.to_v6());
}

std::string_view to_string(AddressKind kind) {
  switch (kind) {
    case AddressKind::public_unicast:
      return "public";
    case AddressKind::unspecified:
      return "unspecified";
    case AddressKind::loopback:
      return "loopback";
    case AddressKind::private_use:
      return "private";
    case AddressKind::link_local:
      return "link-local";
    case AddressKind::shared:
      return "carrier-grade NAT";
    case AddressKind::multicast:
      return "multicast";
    case AddressKind::reserved:
      return "reserved";
    case AddressKind::translated:
      return "IPv4 translated into IPv6";
  }
  return "unknown";
}

}  // namespace agentry::http
