#include "domain/mcp_sessions.hpp"

#include "domain/test_db.hpp"

// MCP sessions: bound to the key that opened them, ended by close, gone after their time, and
// at most max_per_key per key.
namespace agentry::mcp_sessions {
namespace {

class McpSessionsTest : public testing::DomainTest {
 protected:
  std::string open_at(const std::string& key_id, std::int64_t now_ms) {
    std::string id;
    t_.db().write_blocking([&](store::Tx& tx) {
      id = open(tx, "acc_1", key_id, {.protocol_version = "2025-11-25", .client_name = "test"},
                now_ms);
    });
    return id;
  }
  Result<Session> find_at(const std::string& id, const std::string& key_id, std::int64_t now_ms) {
    return t_.read([&](store::Tx& tx) { return find(tx, id, key_id, now_ms); });
  }
};

TEST_P(McpSessionsTest, ASessionIsFoundByItsKeyOnlyUntilItExpires) {
  const std::string id = open_at("key_a", 1000);
  EXPECT_TRUE(id.starts_with("mcp_"));
  EXPECT_EQ(id.size(), 36U);
  auto found = find_at(id, "key_a", 2000);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->protocol_version, "2025-11-25");
  EXPECT_EQ(found->client_name, "test");
  EXPECT_EQ(find_at(id, "key_b", 2000).error().code, Errc::not_found) << "another key's";
  EXPECT_EQ(find_at(id + "x", "key_a", 2000).error().code, Errc::not_found);
  EXPECT_TRUE(find_at(id, "key_a", 1000 + ttl_ms - 1));
  EXPECT_FALSE(find_at(id, "key_a", 1000 + ttl_ms)) << "expired";
}

TEST_P(McpSessionsTest, CloseEndsTheSessionOnceAndOnlyForItsKey) {
  const std::string id = open_at("key_a", 1000);
  EXPECT_EQ(t_.write([&](store::Tx& tx) { return close(tx, id, "key_b"); }).error().code,
            Errc::not_found);
  EXPECT_TRUE(t_.write([&](store::Tx& tx) { return close(tx, id, "key_a"); }));
  EXPECT_FALSE(find_at(id, "key_a", 2000));
  EXPECT_FALSE(t_.write([&](store::Tx& tx) { return close(tx, id, "key_a"); }));
}

TEST_P(McpSessionsTest, OpeningPastTheLimitEndsTheKeysOldestSession) {
  const std::string oldest = open_at("key_a", 1000);
  const std::string other_key = open_at("key_b", 1000);
  std::string newest;
  for (std::int64_t i = 1; i <= max_per_key; ++i) newest = open_at("key_a", 1000 + i);
  EXPECT_FALSE(find_at(oldest, "key_a", 5000)) << "the 101st session ended the first";
  EXPECT_TRUE(find_at(newest, "key_a", 5000));
  EXPECT_TRUE(find_at(other_key, "key_b", 5000)) << "another key's sessions are its own";
}

AGENTRY_ON_BOTH_ENGINES(McpSessionsTest);

}  // namespace
}  // namespace agentry::mcp_sessions
