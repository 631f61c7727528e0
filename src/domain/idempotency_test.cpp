#include "domain/idempotency.hpp"

#include "domain/test_db.hpp"

namespace agentry::idempotency {
namespace {

constexpr std::int64_t ttl = 24LL * 3600 * 1000;

Lookup look_up_in(testing::TestDatabase& t, const std::string& key, const std::string& hash,
                  std::int64_t now) {
  Lookup out;
  t.db().write_blocking([&](store::Tx& tx) { out = look_up(tx, "acc_1", key, hash, now, ttl); });
  return out;
}

void keep_in(testing::TestDatabase& t, const std::string& key, const std::string& hash,
             const Answer& answer, std::int64_t now) {
  t.db().write_blocking([&](store::Tx& tx) { keep(tx, "acc_1", key, hash, answer, now, ttl); });
}

class IdempotencyTest : public testing::DomainTest {};

TEST_P(IdempotencyTest, AnUnknownKeyProceedsAndAKeptAnswerReplaysWithItsHeaders) {
  testing::TestDatabase& t = t_;
  EXPECT_EQ(look_up_in(t, "k1", "h", 1000).outcome, Outcome::proceed);
  keep_in(t, "k1", "h", {201, "/v1/tasks/tsk_1", "\"3\"", R"({"data":1})"}, 1000);
  Lookup again = look_up_in(t, "k1", "h", 2000);
  EXPECT_EQ(again.outcome, Outcome::replay);
  EXPECT_EQ(again.answer.status_code, 201);
  EXPECT_EQ(again.answer.location, "/v1/tasks/tsk_1");
  EXPECT_EQ(again.answer.etag, "\"3\"");
  EXPECT_EQ(again.answer.body, R"({"data":1})");
}

TEST_P(IdempotencyTest, SameKeyWithADifferentRequestIsAMismatch) {
  testing::TestDatabase& t = t_;
  keep_in(t, "k1", "h", {200, "", "", "{}"}, 1000);
  EXPECT_EQ(look_up_in(t, "k1", "other", 1001).outcome, Outcome::mismatch);
}

TEST_P(IdempotencyTest, ASecondAnswerForALiveKeyIsRefusedAndRollsItsTransactionBack) {
  testing::TestDatabase& t = t_;
  keep_in(t, "k1", "h", {201, "", "", "first"}, 1000);
  EXPECT_THROW(keep_in(t, "k1", "h", {201, "", "", "second"}, 1001), KeyTaken);
  EXPECT_EQ(look_up_in(t, "k1", "h", 1002).answer.body, "first");
}

TEST_P(IdempotencyTest, KeysExpireAfterTheirTtlAndCanThenBeUsedAgain) {
  testing::TestDatabase& t = t_;
  keep_in(t, "k1", "h", {200, "", "", "old"}, 1000);
  EXPECT_EQ(look_up_in(t, "k1", "other", 1000 + ttl - 1).outcome, Outcome::mismatch);
  EXPECT_EQ(look_up_in(t, "k1", "other", 1000 + ttl).outcome, Outcome::proceed);
  keep_in(t, "k1", "other", {200, "", "", "new"}, 1000 + ttl);
  EXPECT_EQ(look_up_in(t, "k1", "other", 1001 + ttl).answer.body, "new");
}

TEST_P(IdempotencyTest, ABegunOperationResumesUntilItsAnswerIsKept) {
  testing::TestDatabase& t = t_;
  t.db().write_blocking([&](store::Tx& tx) { begin(tx, "acc_1", "k1", "h", "run_1", 1000, ttl); });
  Lookup begun = look_up_in(t, "k1", "h", 1001);
  EXPECT_EQ(begun.outcome, Outcome::resume);
  EXPECT_EQ(begun.resource, "run_1");
  EXPECT_EQ(look_up_in(t, "k1", "other", 1001).outcome, Outcome::mismatch);
  EXPECT_THROW(t.db().write_blocking(
                   [&](store::Tx& tx) { begin(tx, "acc_1", "k1", "h", "run_2", 1001, ttl); }),
               KeyTaken)
      << "a second node beginning the same operation must not begin it again";
  keep_in(t, "k1", "h", {200, "", "", "ended"}, 1002);
  EXPECT_EQ(look_up_in(t, "k1", "h", 1003).outcome, Outcome::replay);
}

TEST_P(IdempotencyTest, KeysAreScopedToTheirAccount) {
  testing::TestDatabase& t = t_;
  keep_in(t, "k1", "h", {200, "", "", "{}"}, 1000);
  Lookup other;
  t.db().write_blocking([&](store::Tx& tx) { other = look_up(tx, "acc_2", "k1", "x", 1000, ttl); });
  EXPECT_EQ(other.outcome, Outcome::proceed);
}

AGENTRY_ON_BOTH_ENGINES(IdempotencyTest);

}  // namespace
}  // namespace agentry::idempotency
