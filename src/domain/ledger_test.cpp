#include "domain/ledger.hpp"

#include <random>

#include "domain/agents.hpp"
#include "domain/test_db.hpp"
#include "store/ledger_queries.hpp"
#include "store/queries.hpp"

namespace agentry::ledger {
namespace {

constexpr std::int64_t credit = micro_per_credit;

TEST(LedgerSplitTest, FeeAndPayoutAlwaysAddUpToTheAmount) {
  EXPECT_EQ(split(25 * credit, 1000).fee_micro, 2'500'000);
  EXPECT_EQ(split(25 * credit, 1000).payout_micro, 22'500'000);
  EXPECT_EQ(split(1, 1000).fee_micro, 0) << "the fee rounds down; the payee keeps the micro-credit";
  EXPECT_EQ(split(1, 1000).payout_micro, 1);
  const std::int64_t huge = 1'000'000'000 * credit;  // the largest budget: no 64-bit overflow
  EXPECT_EQ(split(huge, 1000).fee_micro, huge / 10);
  std::mt19937_64 random(7);
  for (int i = 0; i < 10'000; ++i) {
    const auto amount = static_cast<std::int64_t>(random() % (1'000'000'000 * credit));
    const auto bps = static_cast<std::int64_t>(random() % 10'001);
    const Split s = split(amount, bps);
    ASSERT_EQ(s.fee_micro + s.payout_micro, amount) << amount << " at " << bps;
    ASSERT_GE(s.fee_micro, 0);
    ASSERT_LE(s.fee_micro, amount);
  }
  EXPECT_THROW(split(1, 10'001), std::invalid_argument);
}

TEST(LedgerFormatTest, WritesCreditsAsShortDecimals) {
  EXPECT_EQ(format_credits(22'500'000), "22.5");
  EXPECT_EQ(format_credits(1), "0.000001");
  EXPECT_EQ(format_credits(-3 * credit), "-3");
  EXPECT_EQ(period_of(0), "1970-01");
}

class LedgerTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a");
    add_account("acc_b");
  }
};

TEST_P(LedgerTest, AHoldResolvesExactlyOnceAndTheBooksBalance) {
  t_.db().write_blocking(
      [](store::Tx& tx) { EXPECT_TRUE(grant(tx, "acc_a", 100 * credit, "grant", {}, 2)); });
  auto hold_id = t_.write([](store::Tx& tx) { return hold(tx, "acc_a", 40 * credit, "h", {}, 3); });
  ASSERT_TRUE(hold_id);
  EXPECT_EQ(wallet("acc_a").balance_micro, 60 * credit);
  EXPECT_EQ(wallet("acc_a").held_micro, 40 * credit);
  EXPECT_TRUE(violations().empty());

  auto posted = t_.write([&](store::Tx& tx) {
    return capture(tx, *hold_id,
                   {{"acc_b", 27 * credit, "task_payout", "capture"},
                    {std::string(fees_account), 3 * credit, "task_fee", "fee"}},
                   "refund", {}, 4);
  });
  ASSERT_TRUE(posted);
  EXPECT_EQ(wallet("acc_a").balance_micro, 70 * credit) << "the uncaptured 10 come back";
  EXPECT_EQ(wallet("acc_a").held_micro, 0);
  EXPECT_EQ(wallet("acc_a").used, 30 * credit);
  EXPECT_EQ(wallet("acc_b").balance_micro, 27 * credit);
  EXPECT_TRUE(violations().empty()) << violations().front();

  auto again = t_.write([&](store::Tx& tx) { return release(tx, *hold_id, "refund", {}, 5); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(wallet("acc_a").balance_micro, 70 * credit);
}

TEST_P(LedgerTest, NothingOverdrawsAWallet) {
  t_.db().write_blocking(
      [](store::Tx& tx) { EXPECT_TRUE(grant(tx, "acc_a", 5 * credit, "grant", {}, 2)); });
  auto too_much =
      t_.write([](store::Tx& tx) { return hold(tx, "acc_a", 5 * credit + 1, "h", {}, 3); });
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().code, Errc::insufficient_credits);
  auto deducted =
      t_.write([](store::Tx& tx) { return deduct(tx, "acc_a", 6 * credit, "d", {}, 3); });
  ASSERT_FALSE(deducted);
  EXPECT_EQ(deducted.error().code, Errc::insufficient_credits);
  EXPECT_TRUE(t_.write([](store::Tx& tx) { return deduct(tx, "acc_a", 5 * credit, "d", {}, 3); }));
  EXPECT_EQ(wallet("acc_a").balance_micro, 0);
  // Even a bug that skips the conditional update is stopped by the schema.
  EXPECT_THROW(t_.db().write_blocking([](store::Tx& tx) {
    tx.exec("UPDATE ledger_accounts SET balance = -1 WHERE id = 'acc_a'");
  }),
               std::runtime_error);
  EXPECT_TRUE(violations().empty());
}

TEST_P(LedgerTest, AWalletStopsAtItsMaximumAndNothingIsHalfWritten) {
  t_.db().write_blocking([](store::Tx& tx) {
    for (int i = 0; i < 10; ++i) {
      EXPECT_TRUE(grant(tx, "acc_a", max_amount_micro, "grant", {}, 2));
    }
  });
  EXPECT_EQ(wallet("acc_a").balance_micro, max_wallet_micro);
  auto over = t_.write([](store::Tx& tx) { return grant(tx, "acc_a", 1, "grant", {}, 3); });
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, Errc::conflict);
  EXPECT_EQ(wallet("acc_a").balance_micro, max_wallet_micro);
  EXPECT_THROW(t_.db().write_blocking([](store::Tx& tx) {
    (void)grant(tx, "acc_b", max_amount_micro + 1, "g", {}, 3);
  }),
               std::invalid_argument)
      << "one amount past the maximum is a caller's bug";

  // A payout to the full wallet is refused as a whole: the hold stays pending, nobody is paid,
  // and the hold can still be released in the same transaction.
  EXPECT_TRUE(t_.write([](store::Tx& tx) { return grant(tx, "acc_b", 10 * credit, "g", {}, 4); }));
  auto hold_id = t_.write([](store::Tx& tx) { return hold(tx, "acc_b", 10 * credit, "h", {}, 5); });
  ASSERT_TRUE(hold_id);
  auto refused = t_.write([&](store::Tx& tx) -> Result<void> {
    auto paid = capture(
        tx, *hold_id,
        {{"acc_a", 9 * credit, "p", "capture"}, {std::string(fees_account), credit, "f", "fee"}},
        "r", {}, 6);
    EXPECT_FALSE(paid);
    return release(tx, *hold_id, "r", {}, 6);
  });
  EXPECT_TRUE(refused);
  EXPECT_EQ(wallet("acc_a").balance_micro, max_wallet_micro);
  EXPECT_EQ(wallet("acc_b").balance_micro, 10 * credit);
  EXPECT_EQ(wallet("acc_b").held_micro, 0);
  EXPECT_TRUE(violations().empty()) << violations().front();
}

TEST_P(LedgerTest, TheCheckSumsMoreThanSixtyFourBitsOfTurnoverWithoutOverflowing) {
  // 9,300 grants and deductions of a billion credits each: every sum of the transfers passes
  // 2^63 micro-credits, which SQL's SUM over 64-bit integers cannot hold.
  t_.db().write_blocking([](store::Tx& tx) {
    for (int i = 0; i < 9'300; ++i) {
      EXPECT_TRUE(grant(tx, "acc_a", max_amount_micro, "grant", {}, 2));
      EXPECT_TRUE(deduct(tx, "acc_a", max_amount_micro, "deduct", {}, 2));
    }
  });
  EXPECT_TRUE(violations().empty()) << violations().front();
  t_.db().write_blocking(
      [](store::Tx& tx) { tx.exec("UPDATE ledger_accounts SET balance = 1 WHERE id = 'acc_a'"); });
  const auto found = violations();
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front(), "ledger account acc_a holds 1 but its transfers sum to 0");
}

TEST_P(LedgerTest, TheAuditAddsSqlitesIntegrityCheckOnSqliteOnly) {
  const std::string engine(t_.db().engine());
  Audit sound = t_.read([&](store::Tx& tx) { return audit(tx, engine); });
  EXPECT_EQ(sound.integrity_checked, GetParam() == testing::Engine::sqlite);
  EXPECT_TRUE(sound.ok());
  t_.db().write_blocking([](store::Tx& tx) {
    tx.exec("UPDATE ledger_accounts SET balance = balance + 1 WHERE id = 'acc_a'");
  });
  Audit broken = t_.read([&](store::Tx& tx) { return audit(tx, engine); });
  EXPECT_FALSE(broken.ok()) << "a broken invariant fails the audit";
  EXPECT_TRUE(broken.integrity_problems.empty());
}

TEST_P(LedgerTest, TheCheckFindsBooksThatDoNotBalance) {
  t_.db().write_blocking(
      [](store::Tx& tx) { EXPECT_TRUE(grant(tx, "acc_a", 5 * credit, "grant", {}, 2)); });
  ASSERT_TRUE(violations().empty());
  t_.db().write_blocking([](store::Tx& tx) {
    tx.exec("UPDATE ledger_accounts SET balance = balance + 1 WHERE id = 'acc_b'");
  });
  const auto found = violations();
  ASSERT_FALSE(found.empty());
  EXPECT_NE(found.front().find("acc_b"), std::string::npos) << found.front();
}

TEST_P(LedgerTest, PlanCreditsAreGrantedOncePerMonth) {
  const std::int64_t nov = 1'795'000'000'000;  // 2026-11-18
  EXPECT_TRUE(t_.write([&](store::Tx& tx) {
                  return Result<bool>(grant_plan_credits(tx, "acc_a", 50 * credit, nov));
                }).value());
  EXPECT_FALSE(t_.write([&](store::Tx& tx) {
                   return Result<bool>(
                       grant_plan_credits(tx, "acc_a", 50 * credit, nov + 86'400'000));
                 }).value());
  EXPECT_TRUE(t_.write([&](store::Tx& tx) {
                  return Result<bool>(
                      grant_plan_credits(tx, "acc_a", 50 * credit, nov + 20 * 86'400'000LL));
                }).value())
      << "December is another period";
  EXPECT_EQ(wallet("acc_a").balance_micro, 100 * credit);
}

TEST_P(LedgerTest, EachNewMonthEveryAccountGetsItsPlansCreditsOnce) {
  const plans::Catalog catalog(plans::defaults());  // pro: 50 credits a month
  const std::int64_t nov = 1'795'000'000'000, dec = nov + 20 * 86'400'000LL;
  auto pass = [&](std::int64_t now, std::int64_t limit) {
    std::int64_t n = 0;
    t_.db().write_blocking(
        [&](store::Tx& tx) { n = grant_due_plan_credits(tx, catalog, now, limit); });
    return n;
  };
  EXPECT_EQ(pass(nov, 1), 1) << "a batch at most";
  EXPECT_EQ(pass(nov, 10), 1);
  EXPECT_EQ(pass(nov, 10), 0) << "November is done";
  EXPECT_EQ(wallet("acc_a").balance_micro, 50 * credit);
  EXPECT_EQ(pass(dec, 10), 2);
  EXPECT_EQ(wallet("acc_a").balance_micro, 100 * credit);
  EXPECT_EQ(wallet("acc_b").balance_micro, 100 * credit);
  EXPECT_TRUE(violations().empty());
}

AGENTRY_ON_BOTH_ENGINES(LedgerTest);

}  // namespace
}  // namespace agentry::ledger
