#include "domain/usage.hpp"

#include "core/clock.hpp"
#include "domain/agent_stats.hpp"
#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/runs.hpp"
#include "domain/tasks.hpp"
#include "domain/test_db.hpp"
#include "store/activity_records.hpp"
#include "store/queries.hpp"

// Usage and agent figures as runs, tasks and money movements add them up; on both engines.
namespace agentry::usage {
namespace {

constexpr std::int64_t day_ms = 86'400'000;
constexpr std::int64_t hour_ms = 3'600'000;
// A time well after the epoch, at the start of a UTC day.
constexpr std::int64_t t0 = 20'000 * day_ms;

class UsageTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_payer", 100 * credit);
    add_account("acc_owner");
    agents::Draft d{.name = "paid", .model = std::string("echo")};
    d.price_per_task_micro = 10 * credit;
    d.visibility = "public";
    d.capabilities = {"write"};
    agent_ = t_.write([&](store::Tx& tx) { return agents::create(tx, "acc_owner", d, 2); })->id;
  }

  // A run of the agent by the payer through `key` (none: the system), claimed at `start_ms`
  // and ended `took_ms` later as `kind` with those tokens.
  store::RunRecord run(std::optional<std::string> key, std::int64_t start_ms, std::int64_t took_ms,
                       runs::Outcome::Kind kind = runs::Outcome::Kind::completed,
                       std::int64_t input_tokens = 100, std::int64_t output_tokens = 40) {
    const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
    const store::Actor actor{.key_id = key.value_or("")};
    auto created = t_.write([&](store::Tx& tx) {
      if (key) tx.set_actor(&actor);
      auto r =
          runs::create(tx, "acc_payer", {.agent_id = agent_, .input = "{}", .timeout_ms = 1000},
                       terms, start_ms - 1);
      tx.set_actor(nullptr);
      return r;
    });
    EXPECT_TRUE(created);
    t_.db().write_blocking([&](store::Tx& tx) {
      runs::claim(
          tx, "clm_" + created->id, 10, {}, [](const std::string&) { return 10; },
          start_ms + 60'000, start_ms);
    });
    const runs::Outcome outcome{.kind = kind,
                                .result = "{}",
                                .error_code = "provider_error",
                                .error_message = "down",
                                .input_tokens = input_tokens,
                                .output_tokens = output_tokens};
    auto ended = t_.write([&](store::Tx& tx) {
      return runs::finish(tx, created->id, "clm_" + created->id, outcome, 1000, prices,
                          start_ms + took_ms);
    });
    EXPECT_TRUE(ended);
    return *ended;
  }

  Report usage_of(const std::string& account, store::UsageGroup group,
                  std::int64_t from = t0 - 5 * day_ms, std::int64_t to = t0 + 5 * day_ms) {
    return t_.read([&](store::Tx& tx) { return report(tx, account, from, to, group); });
  }
  agent_stats::Report figures(std::string_view window, std::int64_t now_ms,
                              std::optional<std::string> agent = std::nullopt) {
    return t_.read([&](store::Tx& tx) {
      return agent_stats::report(tx, "acc_owner", agent, *agent_stats::window_named(window),
                                 now_ms);
    });
  }

  std::string agent_;
};

TEST_P(UsageTest, ARunCountsTokensAndSpendingForThePayerAndEarningForTheOwner) {
  run("key_a", t0 + 1000, 50);
  run(std::nullopt, t0 + day_ms + 1000, 50);  // a scheduled run: no key
  const Report payer = usage_of("acc_payer", store::UsageGroup::key);
  EXPECT_EQ(payer.total.input_tokens, 200);
  EXPECT_EQ(payer.total.output_tokens, 80);
  EXPECT_EQ(payer.total.spent_micro, 20 * credit) << "the price, the platform's fee included";
  EXPECT_EQ(payer.total.earned_micro, 0);
  ASSERT_EQ(payer.days.size(), 2U);
  EXPECT_EQ(payer.days[0].day, utc_date(t0));
  EXPECT_EQ(payer.days[1].amounts.spent_micro, 10 * credit);
  ASSERT_EQ(payer.groups.size(), 2U);
  EXPECT_EQ(payer.groups[0].id, "") << "usage without a key sorts first";
  EXPECT_EQ(payer.groups[0].total.input_tokens, 100);
  EXPECT_EQ(payer.groups[1].id, "key_a");
  EXPECT_EQ(payer.groups[1].days.size(), 1U);

  const Report by_model = usage_of("acc_payer", store::UsageGroup::model);
  ASSERT_EQ(by_model.groups.size(), 1U);
  EXPECT_EQ(by_model.groups[0].id, "echo");
  const Report owner = usage_of("acc_owner", store::UsageGroup::agent);
  EXPECT_EQ(owner.total.earned_micro, 18 * credit) << "two prices less the 10% fee";
  EXPECT_EQ(owner.total.spent_micro, 0);
  EXPECT_EQ(owner.total.input_tokens, 0) << "tokens are the payer's";
  ASSERT_EQ(owner.groups.size(), 1U);
  EXPECT_EQ(owner.groups[0].id, agent_);
  EXPECT_EQ(owner.groups[0].name, "paid");
  EXPECT_TRUE(usage_of("acc_payer", store::UsageGroup::none).groups.empty());
  EXPECT_EQ(
      usage_of("acc_payer", store::UsageGroup::none, t0 + day_ms, t0 + day_ms).total.spent_micro,
      10 * credit)
      << "the range is of days, both included";
}

TEST_P(UsageTest, RequestsAreCountedPerKeyAndAFailedRunSpendsNothing) {
  RequestCounter counter;
  counter.count("acc_payer", "key_a", t0);
  counter.count("acc_payer", "key_a", t0 + 5);
  counter.count("acc_payer", "key_b", t0 + 6);
  t_.db().write_blocking([&](store::Tx& tx) { record(tx, counter.take()); });
  run("key_a", t0 + 1000, 50, runs::Outcome::Kind::failed, 7, 0);
  const Report payer = usage_of("acc_payer", store::UsageGroup::key);
  ASSERT_EQ(payer.groups.size(), 2U);
  EXPECT_EQ(payer.groups[0].id, "key_a");
  EXPECT_EQ(payer.groups[0].total.requests, 2);
  EXPECT_EQ(payer.groups[0].total.input_tokens, 7) << "a failed run's tokens still count";
  EXPECT_EQ(payer.groups[0].total.spent_micro, 0) << "its hold went back";
  EXPECT_EQ(payer.groups[1].total.requests, 1);
  EXPECT_EQ(usage_of("acc_payer", store::UsageGroup::agent).groups[0].id, "")
      << "requests have no agent";
}

TEST_P(UsageTest, AgentFiguresCountOutcomesDurationsAndWindows) {
  // Nine runs that completed in 100..900 ms and one that failed, in one five-minute bucket.
  for (std::int64_t i = 1; i <= 9; ++i) run("key_a", t0 + 1000 * i, 100 * i);
  run("key_a", t0 + 20'000, 5000, runs::Outcome::Kind::failed, 0, 0);
  const auto now = figures("1h", t0 + 60'000, agent_);
  const store::AgentStats& s = now.total.stats;
  EXPECT_EQ(s.runs_created, 10);
  EXPECT_EQ(s.runs_completed, 9);
  EXPECT_EQ(s.runs_failed, 1);
  EXPECT_EQ(s.input_tokens, 900);
  EXPECT_EQ(s.cost_micro, 90 * credit);
  // The 5th of ten (100..900 and 5000) and the 10th, each within 3%.
  ASSERT_TRUE(now.total.p50_ms && now.total.p95_ms);
  EXPECT_NEAR(static_cast<double>(*now.total.p50_ms), 500, 15);
  EXPECT_NEAR(static_cast<double>(*now.total.p95_ms), 5000, 150);
  ASSERT_EQ(now.agents.size(), 1U);
  EXPECT_EQ(now.agents[0].name, "paid");
  EXPECT_EQ(now.from_ms, t0 - std::int64_t{55} * 60'000)
      << "twelve buckets, the current one included";

  // Two hours on, the 1 h window is empty; 24 h and 7 d still hold them.
  EXPECT_EQ(figures("1h", t0 + 2 * hour_ms).total.stats.runs_created, 0);
  EXPECT_TRUE(figures("1h", t0 + 2 * hour_ms).agents.empty());
  EXPECT_EQ(figures("24h", t0 + 2 * hour_ms).total.stats.runs_completed, 9);
  EXPECT_EQ(figures("7d", t0 + 6 * day_ms).total.stats.runs_completed, 9);
  EXPECT_EQ(figures("7d", t0 + 7 * day_ms).total.stats.runs_completed, 0);
  EXPECT_EQ(figures("30d", t0 + 29 * day_ms).total.p50_ms, now.total.p50_ms);

  // Pruning keeps what a window still reads.
  t_.db().write_blocking([&](store::Tx& tx) { agent_stats::prune(tx, t0 + 2 * day_ms); });
  EXPECT_EQ(figures("24h", t0 + 2 * hour_ms).total.stats.runs_completed, 0)
      << "five-minute buckets go after a day and an hour";
  EXPECT_EQ(figures("7d", t0 + 2 * day_ms).total.stats.runs_completed, 9);
  t_.db().write_blocking([&](store::Tx& tx) { agent_stats::prune(tx, t0 + 32 * day_ms); });
  EXPECT_EQ(figures("30d", t0 + 29 * day_ms).total.stats.runs_completed, 0);
  EXPECT_FALSE(figures("30d", t0 + 29 * day_ms).total.p50_ms);
}

TEST_P(UsageTest, TasksCountForTheWorkingAgentAndMoneyForBothSides) {
  auto posted = t_.write([&](store::Tx& tx) {
    return tasks::post(tx, "acc_payer", {.title = "t", .budget_micro = 20 * credit}, t0);
  });
  ASSERT_TRUE(posted);
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return tasks::accept(tx, "acc_owner", posted->id, agent_, t0 + 1); }));
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return tasks::complete(tx, "acc_owner", posted->id, "{}", 1000, t0 + 2);
  }));
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return tasks::review(tx, "acc_payer", posted->id, 4, "good", t0 + 3);
  }));
  const auto f = figures("1h", t0 + 10);
  EXPECT_EQ(f.total.stats.tasks_completed, 1);
  EXPECT_EQ(f.total.stats.rating_sum, 4);
  EXPECT_EQ(f.total.stats.rating_count, 1);
  EXPECT_EQ(usage_of("acc_payer", store::UsageGroup::none).total.spent_micro, 20 * credit);
  EXPECT_EQ(usage_of("acc_owner", store::UsageGroup::none).total.earned_micro, 18 * credit);
  EXPECT_EQ(violations(), std::vector<std::string>{});
}

AGENTRY_ON_BOTH_ENGINES(UsageTest);

}  // namespace
}  // namespace agentry::usage
