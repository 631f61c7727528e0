#include "domain/scopes.hpp"

#include <gtest/gtest.h>

namespace agentry::scopes {
namespace {

using Scopes = std::vector<std::string>;

TEST(Scopes, CanonicalNamesPassThrough) {
  std::string unknown;
  EXPECT_EQ(normalize({"agents:read", "chat"}, unknown), (Scopes{"agents:read", "chat"}));
}

TEST(Scopes, SeedAliasesMapToCanonicalNames) {
  std::string unknown;
  EXPECT_EQ(normalize({"read:agents", "write:tasks", "read:usage", "read:analytics"}, unknown),
            (Scopes{"agents:read", "tasks:write", "usage:read"}));
  auto read = normalize({"read"}, unknown).value();
  EXPECT_EQ(read, (Scopes{"agents:read", "tasks:read", "runs:read", "knowledge:read", "swarms:read",
                          "usage:read", "events:read", "activity:read"}));
  auto read_write = normalize({"read-write"}, unknown).value();
  EXPECT_EQ(read_write.size(), all().size() - 2);
  EXPECT_FALSE(allows(read_write, "admin"));
  EXPECT_FALSE(allows(read_write, "metrics")) << "the server's metrics are the operator's";
  EXPECT_TRUE(allows({"admin"}, "metrics"));
}

TEST(Scopes, UnknownNamesAreReported) {
  std::string unknown;
  EXPECT_FALSE(normalize({"agents:read", "agents:fly"}, unknown).has_value());
  EXPECT_EQ(unknown, "agents:fly");
  EXPECT_FALSE(normalize({"write:analytics"}, unknown).has_value());
}

TEST(Scopes, AdminAllowsEverything) {
  EXPECT_TRUE(allows({"admin"}, "agents:write"));
  EXPECT_TRUE(covers({"admin"}, {"chat", "logs"}));
  EXPECT_FALSE(allows({"agents:read"}, "agents:write"));
  EXPECT_FALSE(covers({"agents:read"}, {"agents:read", "chat"}));
  EXPECT_TRUE(covers({"agents:read"}, {}));
}

}  // namespace
}  // namespace agentry::scopes
