#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace agentry::http {
namespace {

TEST(ClientAddressTest, ThePeerIsTheClientUnlessItIsATrustedProxy) {
  const TrustedProxies none;
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", none), "203.0.113.9")
      << "nobody trusted: the header is ignored";
  const auto proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7 ,::1");
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", proxies), "203.0.113.9")
      << "a client cannot name itself by sending the header";
  EXPECT_EQ(client_address("10.1.2.3", "198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("::1", "198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("::ffff:10.1.2.3", "198.51.100.1", proxies), "198.51.100.1");
}

TEST(ClientAddressTest, TakesTheRightMostHopNoTrustedProxyVouchesFor) {
  const auto proxies = TrustedProxies::parse("10.0.0.0/8,192.0.2.7");
  // The client forged the first entry; the trusted proxies appended the rest.
  EXPECT_EQ(client_address("10.0.0.1", "1.1.1.1, 198.51.100.4, 192.0.2.7", proxies),
            "198.51.100.4");
  EXPECT_EQ(client_address("10.0.0.1", "10.9.9.9, 10.8.8.8", proxies), "10.9.9.9")
      << "every hop trusted: the left-most";
  EXPECT_EQ(client_address("10.0.0.1", "198.51.100.4, not-an-ip", proxies), "10.0.0.1")
      << "garbage ends the walk at the proxy that sent it";
  EXPECT_EQ(client_address("10.0.0.1", "", proxies), "10.0.0.1");
}

TEST(ClientAddressTest, RefusesEntriesThatAreNeitherAddressesNorRanges) {
  EXPECT_THROW(TrustedProxies::parse("10.0.0.0/33"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies::parse("proxy.internal"), std::invalid_argument);
  EXPECT_TRUE(TrustedProxies::parse(" , ").empty());
}

}  // namespace
}  // namespace agentry::http
