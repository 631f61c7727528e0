#include "http/address_policy.hpp"

#include <gtest/gtest.h>

namespace agentry::http {
namespace {

AddressKind kind_of(const char* text) {
  return classify(boost::asio::ip::make_address(text));
}

TEST(AddressPolicyTest, OnlyPublicUnicastMayBeCalled) {
  struct Case {
    const char* address;
    AddressKind kind;
  };
  for (const Case& c : {
           Case{"93.184.216.34", AddressKind::public_unicast},
           Case{"8.8.8.8", AddressKind::public_unicast},
           Case{"2606:2800:220:1:248:1893:25c8:1946", AddressKind::public_unicast},
           Case{"0.0.0.0", AddressKind::unspecified},
           Case{"::", AddressKind::unspecified},
           Case{"127.0.0.1", AddressKind::loopback},
           Case{"127.255.255.254", AddressKind::loopback},
           Case{"::1", AddressKind::loopback},
           Case{"10.1.2.3", AddressKind::private_use},
           Case{"172.16.0.1", AddressKind::private_use},
           Case{"172.31.255.255", AddressKind::private_use},
           Case{"192.168.1.1", AddressKind::private_use},
           Case{"fd12:3456::1", AddressKind::private_use},
           Case{"169.254.169.254", AddressKind::link_local},  // cloud metadata
           Case{"fe80::1", AddressKind::link_local},
           Case{"100.64.0.1", AddressKind::shared},
           Case{"100.127.255.255", AddressKind::shared},
           Case{"224.0.0.1", AddressKind::multicast},
           Case{"ff02::1", AddressKind::multicast},
           Case{"255.255.255.255", AddressKind::reserved},
           Case{"240.0.0.1", AddressKind::reserved},
           Case{"192.0.2.1", AddressKind::reserved},
           Case{"198.18.0.1", AddressKind::reserved},
           Case{"2001:db8::1", AddressKind::reserved},
           Case{"::ffff:127.0.0.1", AddressKind::translated},
           Case{"::ffff:8.8.8.8", AddressKind::translated},
           Case{"64:ff9b::a00:1", AddressKind::translated},
           Case{"64:ff9b:1::1", AddressKind::translated},
           Case{"2002:a00:1::1", AddressKind::translated},
           Case{"2001:0:4136:e378::1", AddressKind::translated},
           Case{"::127.0.0.1", AddressKind::translated},
       }) {
    EXPECT_EQ(kind_of(c.address), c.kind) << c.address;
    EXPECT_EQ(may_call(boost::asio::ip::make_address(c.address)),
              c.kind == AddressKind::public_unicast)
        << c.address;
  }
}

TEST(AddressPolicyTest, TheEdgesOfEachRangeAreExact) {
  EXPECT_EQ(kind_of("9.255.255.255"), AddressKind::public_unicast);
  EXPECT_EQ(kind_of("11.0.0.0"), AddressKind::public_unicast);
  EXPECT_EQ(kind_of("172.15.255.255"), AddressKind::public_unicast);
  EXPECT_EQ(kind_of("172.32.0.0"), AddressKind::public_unicast);
  EXPECT_EQ(kind_of("100.63.255.255"), AddressKind::public_unicast);
  EXPECT_EQ(kind_of("100.128.0.0"), AddressKind::public_unicast);
  EXPECT_EQ(kind_of("223.255.255.255"), AddressKind::public_unicast);
  EXPECT_EQ(kind_of("fbff::1"), AddressKind::reserved) << "outside 2000::/3";
  EXPECT_EQ(to_string(AddressKind::shared), "carrier-grade NAT");
}

}  // namespace
}  // namespace agentry::http
