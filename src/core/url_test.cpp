#include "core/url.hpp"

#include <gtest/gtest.h>

namespace agentry::url {
namespace {

TEST(Url, SplitsAnHttpsUrlAsAClientNeedsIt) {
  auto u = parse_http("https://agent.example:8443/run?x=1");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "agent.example");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->host_header, "agent.example:8443");
  EXPECT_EQ(u->target, "/run?x=1");
  auto plain = parse_http("http://[::1]");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->host, "::1");
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->target, "/");
}

TEST(Url, RefusesPortsThatWouldWrapAndEveryOtherMalformedForm) {
  for (const char* bad :
       {"http://localhost:107579/", "https://a.example:65536", "https://a.example:0/",
        "https://a.example:/", "https://a.example:99999999999999999999/", "https://a.example:-1/",
        "ftp://a.example/", "https:///path", "https://user:pw@a.example/", "https://a.example/#x",
        "//a.example/", "https://a example/", "http://127.0.0.1.example.com/",
        "https://10.0.0.1.nip.io:8443/x", "https://a.example/\n", "not a url", ""}) {
    auto u = parse_http(bad);
    EXPECT_FALSE(u) << bad;
    if (!u) {
      EXPECT_EQ(u.error().code, Errc::validation_error) << bad;
    }
  }
  EXPECT_FALSE(parse_http("https://a.example/" + std::string(max_chars, 'p')));
  EXPECT_TRUE(parse_http("https://a.example:65535/"));
  EXPECT_TRUE(parse_http("https://a.example:1/"));
}

TEST(Url, KnowsLoopbackHosts) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.8.9.10"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("127.example"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("localhost.example"));
}

}  // namespace
}  // namespace agentry::url
