#include "domain/idempotency.hpp"

#include "domain/test_db.hpp"
#include "store/queries.hpp"

namespace agentry::idempotency {
namespace {

constexpr std::int64_t ttl = 24LL * 3600 * 1000;

Claim claim_in(testing::TestDatabase& t, const std::string& key, const std::string& hash,
               std::int64_t now) {
  Claim out;
  t.db().write_blocking([&](store::Tx& tx) { out = claim(tx, "acc_1", key, hash, now, ttl); });
  return out;
}

TEST(Idempotency, FirstUseProceedsThenReplaysTheStoredResponse) {
  testing::TestDatabase t;
  EXPECT_EQ(claim_in(t, "k1", "h", 1000).outcome, Outcome::proceed);
  t.db().write_blocking([](store::Tx& tx) { finish(tx, "acc_1", "k1", 201, R"({"data":1})"); });
  Claim again = claim_in(t, "k1", "h", 2000);
  EXPECT_EQ(again.outcome, Outcome::replay);
  EXPECT_EQ(again.status_code, 201);
  EXPECT_EQ(again.body, R"({"data":1})");
}

TEST(Idempotency, SameKeyWhileInFlightIsRefused) {
  testing::TestDatabase t;
  EXPECT_EQ(claim_in(t, "k1", "h", 1000).outcome, Outcome::proceed);
  EXPECT_EQ(claim_in(t, "k1", "h", 1001).outcome, Outcome::in_flight);
}

TEST(Idempotency, SameKeyWithADifferentRequestIsAMismatch) {
  testing::TestDatabase t;
  EXPECT_EQ(claim_in(t, "k1", "h", 1000).outcome, Outcome::proceed);
  t.db().write_blocking([](store::Tx& tx) { finish(tx, "acc_1", "k1", 200, "{}"); });
  EXPECT_EQ(claim_in(t, "k1", "other", 1001).outcome, Outcome::mismatch);
}

TEST(Idempotency, ServerErrorsReleaseTheKey) {
  testing::TestDatabase t;
  EXPECT_EQ(claim_in(t, "k1", "h", 1000).outcome, Outcome::proceed);
  t.db().write_blocking([](store::Tx& tx) { finish(tx, "acc_1", "k1", 503, "{}"); });
  EXPECT_EQ(claim_in(t, "k1", "h", 1001).outcome, Outcome::proceed);
}

TEST(Idempotency, KeysExpireAfterTheirTtl) {
  testing::TestDatabase t;
  EXPECT_EQ(claim_in(t, "k1", "h", 1000).outcome, Outcome::proceed);
  t.db().write_blocking([](store::Tx& tx) { finish(tx, "acc_1", "k1", 200, "{}"); });
  EXPECT_EQ(claim_in(t, "k1", "other", 1000 + ttl - 1).outcome, Outcome::mismatch);
  EXPECT_EQ(claim_in(t, "k1", "other", 1000 + ttl).outcome, Outcome::proceed);
}

TEST(Idempotency, KeysAreScopedToTheirAccount) {
  testing::TestDatabase t;
  EXPECT_EQ(claim_in(t, "k1", "h", 1000).outcome, Outcome::proceed);
  Claim other;
  t.db().write_blocking([&](store::Tx& tx) { other = claim(tx, "acc_2", "k1", "x", 1000, ttl); });
  EXPECT_EQ(other.outcome, Outcome::proceed);
}

}  // namespace
}  // namespace agentry::idempotency
