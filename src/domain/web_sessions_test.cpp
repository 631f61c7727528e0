#include "domain/web_sessions.hpp"

#include "domain/accounts.hpp"
#include "domain/test_db.hpp"

// Dashboard sessions: opened with a valid key only, found by their token until signed out,
// expired, or their key revoked; each with its own CSRF token; on both engines.
namespace agentry::web_sessions {
namespace {

const plans::Catalog catalog(plans::defaults());
const std::vector<std::string> scopes = {"agents:read", "agents:write"};

class WebSessionsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    auto made = t_.write([&](store::Tx& tx) {
      return accounts::create(tx, catalog, {.name = "acme", .plan = "pro"},
                              {.name = "first", .scopes = scopes}, 1'000);
    });
    ASSERT_TRUE(made) << made.error().message;
    account_id_ = made->account.id;
    key_ = made->key.secret;
    key_id_ = made->key.record.id;
  }
  Result<Opened> open_at(const std::string& key, std::int64_t now_ms) {
    return t_.write([&](store::Tx& tx) { return open(tx, key, now_ms); });
  }
  Result<Session> resolve_at(const std::string& token, std::int64_t now_ms) {
    return t_.read([&](store::Tx& tx) { return resolve(tx, token, now_ms); });
  }
  std::string account_id_, key_, key_id_;
};

TEST_P(WebSessionsTest, ASessionActsAsItsKeyUntilItExpires) {
  auto opened = open_at(key_, 2'000);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_TRUE(opened->token.starts_with("ws_"));
  EXPECT_EQ(opened->session.expires_at_ms, 2'000 + ttl_ms);
  auto found = resolve_at(opened->token, 3'000);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->id, opened->session.id);
  EXPECT_EQ(found->principal.account_id, account_id_);
  EXPECT_EQ(found->principal.key_id, key_id_);
  EXPECT_EQ(found->principal.scopes, scopes);
  EXPECT_EQ(found->csrf_token, opened->session.csrf_token);
  EXPECT_TRUE(resolve_at(opened->token, 2'000 + ttl_ms - 1));
  EXPECT_EQ(resolve_at(opened->token, 2'000 + ttl_ms).error().code, Errc::invalid_api_key)
      << "expired";
  EXPECT_FALSE(resolve_at(opened->token + "x", 3'000));
  EXPECT_FALSE(resolve_at(key_, 3'000)) << "the key is not a session token";
}

TEST_P(WebSessionsTest, OnlyAValidKeySignsIn) {
  EXPECT_EQ(open_at("agt_live_nonsense", 2'000).error().code, Errc::invalid_api_key);
  std::string wrong = key_;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(open_at(wrong, 2'000).error().code, Errc::invalid_api_key);
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return accounts::revoke_key(tx, account_id_, scopes, key_id_, 2'500);
  }));
  EXPECT_EQ(open_at(key_, 3'000).error().code, Errc::invalid_api_key) << "revoked";
}

TEST_P(WebSessionsTest, SigningOutOrRevokingTheKeyEndsTheSession) {
  auto first = open_at(key_, 2'000);
  auto second = open_at(key_, 2'000);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->token, second->token);
  EXPECT_NE(first->session.csrf_token, second->session.csrf_token);
  t_.db().write_blocking([&](store::Tx& tx) { end(tx, first->session.id, 3'000); });
  EXPECT_FALSE(resolve_at(first->token, 3'001)) << "signed out";
  EXPECT_TRUE(resolve_at(second->token, 3'001)) << "the other session is its own";
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return accounts::revoke_key(tx, account_id_, scopes, key_id_, 3'500);
  }));
  EXPECT_FALSE(resolve_at(second->token, 4'000)) << "the key was revoked";
}

TEST(WebSessionCsrf, OnlyTheSessionsOwnTokenMatches) {
  EXPECT_FALSE(csrf_matches("ws_a", ""));
  EXPECT_FALSE(csrf_matches("ws_a", "ws_a"));
  EXPECT_FALSE(csrf_matches("ws_a", "0123"));
}

AGENTRY_ON_BOTH_ENGINES(WebSessionsTest);

}  // namespace
}  // namespace agentry::web_sessions
