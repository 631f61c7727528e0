#include "domain/runs.hpp"

#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/test_db.hpp"
#include "store/ledger_queries.hpp"
#include "store/queries.hpp"
#include "store/run_queries.hpp"

namespace agentry::runs {
namespace {

constexpr std::int64_t credit = ledger::micro_per_credit;

// gpt-4o-mini's seed prices: 0.20 / 0.60 credits per million input / output tokens.
const pricing::PriceTable prices(pricing::default_prices());

store::AgentRecord agent_of(std::string owner, std::string model, std::int64_t price) {
  store::AgentRecord a;
  a.id = "agt_x";
  a.account_id = std::move(owner);
  a.kind = "hosted";
  a.model = std::move(model);
  a.price_per_task_micro = price;
  return a;
}

TEST(RunQuoteTest, HoldsTheInputAtOneTokenPerByteTheOutputCapAndThePrice) {
  const Terms terms{.prices = &prices, .max_output_tokens = 4096};
  auto q = quote(agent_of("acc_owner", "gpt-4o-mini", 2 * credit), "acc_payer", 968, terms, {});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->max_input_tokens, 1000);
  EXPECT_EQ(q->max_output_tokens, 4096);
  EXPECT_EQ(q->price_per_task_micro, 2 * credit);
  EXPECT_EQ(q->max_cost_micro,
            pricing::token_cost(*prices.find("gpt-4o-mini"), 1000, 4096, 0) + 2 * credit);
}

TEST(RunQuoteTest, OwnAgentsCostNoPriceAndMaxCreditsLimitsTheOutput) {
  const Terms terms{.prices = &prices, .max_output_tokens = 4096};
  auto own = quote(agent_of("acc_payer", "gpt-4o-mini", 2 * credit), "acc_payer", 0, terms, {});
  ASSERT_TRUE(own);
  EXPECT_EQ(own->price_per_task_micro, 0);
  // 32 input tokens at 0.2 µcr and n output tokens at 0.6, rounded up once, within 60 µcr:
  // 6.4 + 0.6 n <= 60 allows 89.
  auto capped = quote(agent_of("acc_o", "gpt-4o-mini", 0), "acc_payer", 0, terms, 60);
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->max_output_tokens, 89);
  EXPECT_LE(capped->max_cost_micro, 60);
  auto too_little = quote(agent_of("acc_o", "gpt-4o-mini", 0), "acc_payer", 0, terms, 6);
  ASSERT_FALSE(too_little);
  EXPECT_EQ(too_little.error().field, "maxCredits");
}

TEST(RunQuoteTest, ToolRoundsAreHeldAsFarAsMaxCreditsAllows) {
  const Terms terms{.prices = &prices, .max_output_tokens = 4096};
  const auto* price = prices.find("gpt-4o-mini");
  auto one = quote(agent_of("acc_o", "gpt-4o-mini", 0), "acc_p", 968, terms, {});
  auto tools = quote(agent_of("acc_o", "gpt-4o-mini", 0), "acc_p", 968, terms, {}, 4);
  ASSERT_TRUE(one && tools);
  // Four more calls, the k-th sent at most the prompt and k rounds of output and answers.
  const std::int64_t growth = 4096 + 16000 + 32;
  EXPECT_EQ(tools->max_cost_micro,
            one->max_cost_micro +
                pricing::token_cost(*price, 4 * (1000 + 4 * growth), std::int64_t{4} * 4096, 0));
  EXPECT_EQ(tools->max_output_tokens, 4096) << "each call's output cap is the same";
  auto capped = quote(agent_of("acc_o", "gpt-4o-mini", 0), "acc_p", 968, terms, 3000, 4);
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->max_cost_micro, 3000) << "maxCredits caps the rounds' reserve";
}

TEST(RunQuoteTest, TheNextCallGetsTheOutputThatStillFits) {
  store::RunRecord run;
  run.agent_kind = "hosted";
  run.model = "gpt-4o-mini";
  run.max_output_tokens = 4096;
  run.max_cost_micro = 1000;
  // 1,000 µcr hold 5,000 input tokens at 0.2; after 2,000 input and 100 output tokens (460 µcr)
  // a call sent 1,000 more (200) may have 566 output tokens at 0.6 (339.6, rounded up once).
  EXPECT_EQ(next_call_output(run, prices, 2000, 100, 1000), 566);
  EXPECT_EQ(next_call_output(run, prices, 2000, 100, 10'000), 0) << "its input alone passes";
  run.model = "echo";
  EXPECT_EQ(next_call_output(run, prices, 2000, 100, 10'000), 4096) << "echo tokens are free";
}

TEST(RunQuoteTest, UnpricedModelsAreRefusedExceptTheFreeEchoProvider) {
  const Terms terms{.prices = &prices, .max_output_tokens = 4096};
  EXPECT_FALSE(quote(agent_of("acc_o", "mystery-7b", 0), "acc_p", 0, terms, {}));
  auto echo = quote(agent_of("acc_o", "echo", credit), "acc_p", 0, terms, {});
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->max_cost_micro, credit) << "echo tokens are free; the agent's price is not";
}

class RunsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    t_.db().write_blocking([](store::Tx& tx) {
      for (const char* id : {"acc_payer", "acc_owner"}) {
        store::insert_account(tx, {id, id, std::nullopt, "pro", false, 1, 1});
        ledger::open_wallet(tx, id, 1);
      }
      EXPECT_TRUE(ledger::grant(tx, "acc_payer", 100 * credit, "grant", {}, 1));
    });
    agents::Draft d{.name = "paid", .model = std::string("echo")};
    d.price_per_task_micro = 10 * credit;
    d.visibility = "public";
    agent_ = t_.write([&](store::Tx& tx) { return agents::create(tx, "acc_owner", d, 2); })->id;
  }

  store::RunRecord create_run() {
    const Terms terms{.prices = &prices, .max_output_tokens = 100};
    auto run = t_.write([&](store::Tx& tx) {
      return create(tx, "acc_payer", {.agent_id = agent_, .input = "{}", .timeout_ms = 1000}, terms,
                    10);
    });
    EXPECT_TRUE(run);
    return *run;
  }
  store::RunRecord claim_one(const std::string& claim_id, std::int64_t lease_until) {
    std::vector<store::RunRecord> claimed;
    t_.db().write_blocking([&](store::Tx& tx) {
      claimed = claim(
          tx, claim_id, 10, {}, [](const std::string&) { return 10; }, lease_until, 20);
    });
    EXPECT_EQ(claimed.size(), 1U);
    return claimed.at(0);
  }

  std::string agent_;
};

TEST_P(RunsTest, PriorityOrdersRunsWithinTheirAccountsQueue) {
  t_.db().write_blocking([](store::Tx& tx) {
    store::insert_account(tx, {"acc_other", "acc_other", std::nullopt, "pro", false, 1, 1});
    ledger::open_wallet(tx, "acc_other", 1);
    EXPECT_TRUE(ledger::grant(tx, "acc_other", 100 * credit, "grant", {}, 1));
  });
  const Terms terms{.prices = &prices, .max_output_tokens = 100};
  auto queue = [&](const std::string& account, std::int64_t priority, std::int64_t at) {
    return t_
        .write([&](store::Tx& tx) {
          return create(
              tx, account,
              {.agent_id = agent_, .input = "{}", .timeout_ms = 1000, .priority = priority}, terms,
              at);
        })
        ->id;
  };
  const std::string other = queue("acc_other", 0, 10);  // another account's, older
  const std::string first = queue("acc_payer", 0, 11);
  const std::string low = queue("acc_payer", -1, 12);  // behind what comes in the next minute
  const std::string second = queue("acc_payer", 0, 13);
  const std::string urgent = queue("acc_payer", 1, 14);  // ahead of the payer's own queue only
  std::vector<std::string> order;
  t_.db().write_blocking([&](store::Tx& tx) {
    for (const auto& run : claim(
             tx, "c1", 10, {}, [](const std::string&) { return 10; }, 1000, 20)) {
      order.push_back(run.id);
    }
  });
  EXPECT_EQ(order, (std::vector<std::string>{other, urgent, first, second, low}));
}

TEST_P(RunsTest, ACompletedRunPaysTheOwnerOnceAndAStaleClaimSettlesNothing) {
  create_run();
  EXPECT_EQ(wallet("acc_payer").balance_micro, 90 * credit) << "the price is held";
  const auto run = claim_one("clm_1", 1000);
  const Outcome done{.kind = Outcome::Kind::completed, .result = R"({"output":"x"})"};
  auto settled =
      t_.write([&](store::Tx& tx) { return finish(tx, run.id, "clm_1", done, 1000, prices, 30); });
  ASSERT_TRUE(settled);
  EXPECT_EQ(settled->status, "completed");
  EXPECT_EQ(settled->cost_micro, 10 * credit);
  EXPECT_EQ(wallet("acc_owner").balance_micro, 9 * credit) << "the price less the 10 % fee";
  auto again =
      t_.write([&](store::Tx& tx) { return finish(tx, run.id, "clm_1", done, 1000, prices, 31); });
  EXPECT_FALSE(again) << "a run settles once";
  auto stale =
      t_.write([&](store::Tx& tx) { return finish(tx, run.id, "clm_0", done, 1000, prices, 31); });
  EXPECT_FALSE(stale);
  EXPECT_EQ(wallet("acc_owner").balance_micro, 9 * credit);
  EXPECT_EQ(violations(), std::vector<std::string>{});
}

TEST_P(RunsTest, OpenRunsAreCountedByStatus) {
  using Counts = std::vector<std::pair<std::string, std::int64_t>>;
  auto counts = [&] { return t_.read([](store::Tx& tx) { return open_counts(tx); }); };
  EXPECT_EQ(counts(), (Counts{{"queued", 0}, {"active", 0}, {"cancelling", 0}}));
  create_run();
  const auto run = claim_one("clm_1", 1000);
  create_run();
  EXPECT_EQ(counts(), (Counts{{"queued", 1}, {"active", 1}, {"cancelling", 0}}));
  const Outcome done{.kind = Outcome::Kind::completed, .result = "{}"};
  ASSERT_TRUE(
      t_.write([&](store::Tx& tx) { return finish(tx, run.id, "clm_1", done, 1000, prices, 30); }));
  EXPECT_EQ(counts(), (Counts{{"queued", 1}, {"active", 0}, {"cancelling", 0}}));
}

TEST_P(RunsTest, OldEventsArePrunedButEachRunKeepsItsLast) {
  const auto old_run = create_run();
  const auto recent = create_run();
  t_.db().write_blocking([&](store::Tx& tx) {
    for (std::int64_t at : {100, 200, 300}) {
      store::append_run_event(tx, old_run.id, "progress", "{}", at);
    }
    store::append_run_event(tx, recent.id, "progress", "{}", 100);
    store::append_run_event(tx, recent.id, "progress", "{}", 5000);
  });
  auto events_of = [&](const std::string& run_id) {
    std::vector<store::RunEventRecord> events;
    t_.db().read_blocking(
        [&](store::Tx& tx) { events = store::run_events_after(tx, run_id, 0, 100); });
    return events;
  };
  const auto before = events_of(old_run.id).size() + events_of(recent.id).size();
  std::int64_t pruned = 0;
  t_.db().write_blocking([&](store::Tx& tx) { pruned = store::prune_run_events(tx, 1000); });
  const auto left_old = events_of(old_run.id);
  const auto left_recent = events_of(recent.id);
  ASSERT_EQ(left_old.size(), 1U) << "an old run keeps its last event";
  EXPECT_EQ(left_old.front().created_at_ms, 300);
  ASSERT_EQ(left_recent.size(), 1U);
  EXPECT_EQ(left_recent.front().created_at_ms, 5000) << "only what is past the retention goes";
  EXPECT_EQ(pruned, static_cast<std::int64_t>(before - 2));
}

TEST_P(RunsTest, AWorkerThatDiesIsReplacedOnceThenTheRunFailsAndIsRefunded) {
  const auto run = create_run();
  const auto first = claim_one("clm_a", 100);
  std::int64_t recovered = 0;
  t_.db().write_blocking([&](store::Tx& tx) { recovered = recover(tx, 99, 10, 2); });
  EXPECT_EQ(recovered, 0) << "the lease has not lapsed";
  t_.db().write_blocking([&](store::Tx& tx) { recovered = recover(tx, 101, 10, 2); });
  EXPECT_EQ(recovered, 1);
  const auto second = claim_one("clm_b", 200);
  EXPECT_EQ(second.attempts, 2);
  const Outcome late{.kind = Outcome::Kind::completed, .result = "{}"};
  EXPECT_FALSE(t_.write([&](store::Tx& tx) {
    return finish(tx, run.id, "clm_a", late, 1000, prices, 150);
  })) << "the first worker's claim is gone";
  t_.db().write_blocking([&](store::Tx& tx) { recovered = recover(tx, 201, 10, 2); });
  EXPECT_EQ(recovered, 1);
  auto ended = t_.write([&](store::Tx& tx) { return get(tx, "acc_payer", run.id); });
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, "failed");
  EXPECT_EQ(ended->error_code, "worker_lost");
  EXPECT_EQ(wallet("acc_payer").balance_micro, 100 * credit) << "the hold went back";
  EXPECT_EQ(violations(), std::vector<std::string>{});
  (void)first;
}

TEST_P(RunsTest, CancelEndsAQueuedRunAtOnceAndAnActiveOneThroughCancelling) {
  const auto queued = create_run();
  auto cancelled = t_.write([&](store::Tx& tx) { return cancel(tx, "acc_payer", queued.id, 40); });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, "cancelled");
  EXPECT_EQ(wallet("acc_payer").balance_micro, 100 * credit);

  const auto run = create_run();
  claim_one("clm_c", 1000);
  auto cancelling = t_.write([&](store::Tx& tx) { return cancel(tx, "acc_payer", run.id, 41); });
  ASSERT_TRUE(cancelling);
  EXPECT_EQ(cancelling->status, "cancelling");
  // The worker finishes anyway: the cancel wins and nothing is charged.
  const Outcome done{.kind = Outcome::Kind::completed, .result = "{}"};
  auto ended =
      t_.write([&](store::Tx& tx) { return finish(tx, run.id, "clm_c", done, 1000, prices, 42); });
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, "cancelled");
  EXPECT_EQ(wallet("acc_payer").balance_micro, 100 * credit);
  auto late = t_.write([&](store::Tx& tx) { return cancel(tx, "acc_payer", run.id, 43); });
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().current_state, "cancelled");
  EXPECT_FALSE(t_.write([&](store::Tx& tx) { return cancel(tx, "acc_owner", run.id, 43); }))
      << "another account's run is not found";
  EXPECT_EQ(violations(), std::vector<std::string>{});
}

TEST_P(RunsTest, ACancelThatReadTheRunBeforeItsHandOffDoesNotLeaveItWaitingInCancelling) {
  const auto run = create_run();
  claim_one("clm_d", 1000);
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return hand_off(tx, run.id, "clm_d", 5000, 50); }));
  bool moved = true;
  t_.db().write_blocking([&](store::Tx& tx) {
    moved = store::move_run(tx, run.id, "clm_d", "active", "cancelling", 51);
  });
  EXPECT_FALSE(moved) << "the claim the cancel read is gone: the agent holds the run now";
  auto cancelled = t_.write([&](store::Tx& tx) { return cancel(tx, "acc_payer", run.id, 52); });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, "cancelled") << "no worker holds a handed-off run: it ends at once";
  EXPECT_EQ(wallet("acc_payer").balance_micro, 100 * credit);
  EXPECT_EQ(violations(), std::vector<std::string>{});
}

AGENTRY_ON_BOTH_ENGINES(RunsTest);

}  // namespace
}  // namespace agentry::runs
