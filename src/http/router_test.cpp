#include "http/router.hpp"

#include <gtest/gtest.h>

namespace agentry::http {
namespace {

using Kind = Router::Match::Kind;

Router sample() {
  Router r;
  r.add("GET", "/v1/agents", 1);
  r.add("POST", "/v1/agents", 2);
  r.add("GET", "/v1/agents/{id}", 3);
  r.add("PATCH", "/v1/agents/{id}", 4);
  r.add("POST", "/v1/agents/{id}/start", 5);
  r.add("GET", "/v1/agents/marketplace", 6);
  return r;
}

TEST(Router, MatchesLiteralRoutesByMethod) {
  Router r = sample();
  EXPECT_EQ(r.match("GET", "/v1/agents").route_id, 1U);
  EXPECT_EQ(r.match("POST", "/v1/agents").route_id, 2U);
}

TEST(Router, CapturesAndDecodesPathParameters) {
  Router r = sample();
  auto m = r.match("POST", "/v1/agents/agt%5F1/start");
  ASSERT_EQ(m.kind, Kind::found);
  EXPECT_EQ(m.route_id, 5U);
  ASSERT_EQ(m.params.size(), 1U);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "agt_1");
}

TEST(Router, LiteralSegmentWinsOverCapture) {
  Router r = sample();
  EXPECT_EQ(r.match("GET", "/v1/agents/marketplace").route_id, 6U);
  EXPECT_EQ(r.match("GET", "/v1/agents/agt_1").route_id, 3U);
}

TEST(Router, ReportsAllowedMethodsForAKnownPath) {
  Router r = sample();
  auto m = r.match("DELETE", "/v1/agents/agt_1");
  EXPECT_EQ(m.kind, Kind::method_not_allowed);
  EXPECT_EQ(m.allow, "GET, HEAD, PATCH");
}

TEST(Router, UnknownPathsAreNotFound) {
  Router r = sample();
  for (const char* path : {"/", "/v1", "/v1/agents/", "/v1/agents/x/stop", "v1/agents",
                           "/v1//agents", "/v1/agents/%zz", ""}) {
    EXPECT_EQ(r.match("GET", path).kind, Kind::not_found) << path;
  }
}

TEST(Router, RefusesDuplicateRoutes) {
  Router r = sample();
  EXPECT_THROW(r.add("GET", "/v1/agents", 9), std::logic_error);
  EXPECT_THROW(r.add("GET", "/v1/agents/{name}/x", 9), std::logic_error);
}

}  // namespace
}  // namespace agentry::http
