#include "domain/activity.hpp"

#include "domain/ledger.hpp"
#include "domain/test_db.hpp"
#include "store/activity_records.hpp"

// The activity log: entries by the transaction's actor or the system, money movements of each
// wallet a transfer touches, filters and the cursor; on both engines.
namespace agentry::activity {
namespace {

class ActivityTest : public testing::DomainTest {
 protected:
  std::vector<store::ActivityRecord> of(const std::string& account_id,
                                        store::ActivityFilter filter = {}) {
    return *t_.read([&](store::Tx& tx) { return list(tx, account_id, filter, 100); });
  }
};

TEST_P(ActivityTest, AnEntryIsByTheTransactionsActorElseBySystem) {
  add_account("acc_a");
  const store::Actor key{.key_id = "key_1", .client_address = "10.0.0.7", .request_id = "req_9"};
  t_.db().write_blocking([&](store::Tx& tx) {
    tx.set_actor(&key);
    record(tx, "acc_a", "createAgent", "agt_1", 10);
    tx.set_actor(nullptr);
    record(tx, "acc_a", "expireTask", "tsk_1", 11);
  });
  const auto entries = of("acc_a");
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[0].action, "expireTask") << "newest first";
  EXPECT_EQ(entries[0].actor, "system");
  EXPECT_FALSE(entries[0].key_id);
  EXPECT_EQ(entries[1].actor, "key");
  EXPECT_EQ(entries[1].key_id, "key_1");
  EXPECT_EQ(entries[1].client_address, "10.0.0.7");
  EXPECT_EQ(entries[1].request_id, "req_9");
  EXPECT_EQ(entries[1].target_id, "agt_1");
}

TEST_P(ActivityTest, EachWalletATransferTouchesHasItsMoneyMovement) {
  add_account("acc_a");
  add_account("acc_b");
  const store::Actor admin{.admin = true, .key_id = "key_admin"};
  t_.db().write_blocking([&](store::Tx& tx) {
    tx.set_actor(&admin);
    ASSERT_TRUE(ledger::grant(tx, "acc_a", 5'000'000, "grant", {}, 20));
    tx.set_actor(nullptr);
    auto hold = ledger::hold(tx, "acc_a", 2'000'000, "task_hold", {}, 21);
    ASSERT_TRUE(hold);
    ASSERT_TRUE(ledger::capture(
        tx, *hold,
        {{.to = "acc_b", .amount_micro = 1'500'000, .kind = "task_payout", .phase = "capture"},
         {.to = std::string(ledger::fees_account),
          .amount_micro = 500'000,
          .kind = "task_fee",
          .phase = "fee"}},
        "task_release", {}, 22));
  });
  const auto a = of("acc_a", {.action = "credits.*"});
  ASSERT_EQ(a.size(), 2U) << "the grant and the hold; the capture moves the hold, not the wallet";
  EXPECT_EQ(a[1].action, "credits.grant");
  EXPECT_EQ(a[1].actor, "admin");
  EXPECT_EQ(a[1].amount_micro, 5'000'000);
  EXPECT_EQ(a[0].action, "credits.task_hold");
  EXPECT_EQ(a[0].actor, "system");
  EXPECT_EQ(a[0].amount_micro, -2'000'000);
  const auto b = of("acc_b");
  ASSERT_EQ(b.size(), 1U);
  EXPECT_EQ(b[0].action, "credits.task_payout");
  EXPECT_EQ(b[0].amount_micro, 1'500'000);
}

TEST_P(ActivityTest, FiltersTimeRangeAndCursor) {
  add_account("acc_a");
  add_account("acc_b");
  t_.db().write_blocking([&](store::Tx& tx) {
    for (int i = 0; i < 5; ++i)
      record(tx, "acc_a", i % 2 ? "updateAgent" : "createAgent", "agt_" + std::to_string(i),
             100 + i);
    record(tx, "acc_b", "createAgent", "agt_b", 100);
  });
  EXPECT_EQ(of("acc_a").size(), 5U);
  EXPECT_EQ(of("acc_a", {.action = "createAgent"}).size(), 3U);
  EXPECT_EQ(of("acc_a", {.action = "update*"}).size(), 2U);
  EXPECT_EQ(of("acc_a", {.target_id = "agt_3"}).size(), 1U);
  EXPECT_EQ(of("acc_a", {.from_ms = 102, .to_ms = 104}).size(), 2U);
  EXPECT_EQ(of("acc_a", {.actor = "system"}).size(), 5U);
  EXPECT_EQ(of("acc_a", {.actor = "key_1"}).size(), 0U);
  const auto all = of("acc_a");
  EXPECT_EQ(of("acc_a", {.before_id = all[1].id}).size(), 3U);
  EXPECT_EQ(of("acc_b").size(), 1U);
  auto bad = t_.read([&](store::Tx& tx) { return list(tx, "acc_a", {.action = "cr*ate"}, 10); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "action");
}

TEST_P(ActivityTest, APageSkipsOffsetEntriesAndCountsAllThatMatch) {
  add_account("acc_a");
  t_.db().write_blocking([&](store::Tx& tx) {
    for (int i = 0; i < 5; ++i)
      record(tx, "acc_a", "createAgent", "agt_" + std::to_string(i), 100 + i);
    record(tx, "acc_a", "deleteAgent", "agt_0", 200);
  });
  const auto all = of("acc_a");
  auto page = [&](store::ActivityFilter filter, std::int64_t limit, std::int64_t offset) {
    return *t_.read([&](store::Tx& tx) {
      return activity::page(tx, "acc_a", filter, {.limit = limit, .offset = offset});
    });
  };
  const auto second = page({}, 2, 2);
  EXPECT_EQ(second.total, 6);
  ASSERT_EQ(second.items.size(), 2U);
  EXPECT_EQ(second.items[0].id, all[2].id) << "newest first, like the cursor list";
  EXPECT_EQ(second.items[1].id, all[3].id);
  const auto created = page({.action = "createAgent"}, 10, 4);
  EXPECT_EQ(created.total, 5);
  EXPECT_EQ(created.items.size(), 1U);
  auto bad = t_.read([&](store::Tx& tx) {
    return activity::page(tx, "acc_a", {.action = "cr*ate"}, {.limit = 1, .offset = 0});
  });
  EXPECT_FALSE(bad);
}

TEST_P(ActivityTest, PruneRemovesEntriesMadeBeforeATimeInBatches) {
  add_account("acc_a");
  const std::int64_t later = testing::later_than_any_time();
  t_.db().write_blocking([&](store::Tx& tx) {
    for (std::int64_t at : {later + 1, later + 2, later + 3, later + 9}) {
      record(tx, "acc_a", "createAgent", std::nullopt, at);
    }
  });
  EXPECT_EQ(t_.write([&](store::Tx& tx) -> Result<std::int64_t> {
                return prune(tx, later + 5, 2);
              }).value(),
            2);
  EXPECT_EQ(t_.write([&](store::Tx& tx) -> Result<std::int64_t> {
                return prune(tx, later + 5, 2);
              }).value(),
            1);
  const auto left = of("acc_a");
  ASSERT_EQ(left.size(), 1U);
  EXPECT_EQ(left[0].created_at_ms, later + 9);
}

AGENTRY_ON_BOTH_ENGINES(ActivityTest);

}  // namespace
}  // namespace agentry::activity
