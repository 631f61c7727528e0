#include "domain/tasks.hpp"

#include "domain/agents.hpp"
#include "domain/test_db.hpp"
#include "store/task_queries.hpp"

// The marketplace's state machine (DESIGN.md "State machines") with its money: every transition
// on both engines, each followed by the ledger's own check.
namespace agentry::tasks {
namespace {

// acc_a posts (100 credits), acc_b works with its public agent `worker`, acc_c is a bystander.
class TasksTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a", 100 * credit);
    add_account("acc_b");
    add_account("acc_c");
    agent_ = make_agent("acc_b", "worker", {"research"}, "public");
  }
  std::string make_agent(const std::string& owner, const std::string& name,
                         std::vector<std::string> capabilities, const std::string& visibility) {
    agents::Draft d;
    d.name = name;
    d.capabilities = std::move(capabilities);
    d.visibility = visibility;
    return t_.write([&](store::Tx& tx) { return agents::create(tx, owner, d, 2); })->id;
  }
  Result<store::TaskRecord> post(std::int64_t budget, std::vector<std::string> caps = {}) {
    Draft d{
        .title = "t", .description = "d", .budget_micro = budget, .capabilities = std::move(caps)};
    return post_draft(d);
  }
  Result<store::TaskRecord> post_draft(const Draft& d, const std::string& poster = "acc_a") {
    return t_.write([&](store::Tx& tx) { return tasks::post(tx, poster, d, 10); });
  }
  Result<store::TaskRecord> accept_as(const std::string& account, const std::string& task_id,
                                      const std::string& agent_id, std::int64_t now_ms = 11) {
    return t_.write(
        [&](store::Tx& tx) { return tasks::accept(tx, account, task_id, agent_id, now_ms); });
  }
  Result<store::TaskRecord> complete_as(const std::string& account, const std::string& task_id) {
    return t_.write(
        [&](store::Tx& tx) { return tasks::complete(tx, account, task_id, "\"ok\"", 1000, 12); });
  }
  Result<store::TaskRecord> get_as(const std::string& viewer, const std::string& task_id) {
    return t_.read([&](store::Tx& tx) { return tasks::get(tx, viewer, task_id); });
  }
  void expect_sound() { EXPECT_EQ(violations(), std::vector<std::string>{}); }

  std::string agent_;
};

TEST_P(TasksTest, ACompletedTaskPaysNinetyTenAndCountsForTheAgent) {
  auto task = post(25 * credit, {"research"});
  ASSERT_TRUE(task) << task.error().message;
  EXPECT_EQ(available("acc_a"), 75 * credit);
  auto own = t_.write([&](store::Tx& tx) { return accept(tx, "acc_a", task->id, agent_, 11); });
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, Errc::forbidden);
  auto taken = t_.write([&](store::Tx& tx) { return accept(tx, "acc_b", task->id, agent_, 11); });
  ASSERT_TRUE(taken) << taken.error().message;
  auto second = t_.write([&](store::Tx& tx) { return accept(tx, "acc_b", task->id, agent_, 11); });
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Errc::conflict);
  EXPECT_EQ(second.error().current_state, "assigned");
  auto done =
      t_.write([&](store::Tx& tx) { return complete(tx, "acc_b", task->id, "\"ok\"", 1000, 12); });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->payout_micro, 22'500'000);
  EXPECT_EQ(available("acc_b"), 22'500'000);
  EXPECT_EQ(wallet("acc_a").used, 25 * credit);
  auto withdrawn = t_.write([&](store::Tx& tx) { return cancel(tx, "acc_a", task->id, 13); });
  ASSERT_FALSE(withdrawn);
  EXPECT_EQ(withdrawn.error().current_state, "completed");
  EXPECT_TRUE(
      t_.write([&](store::Tx& tx) { return review(tx, "acc_a", task->id, 4, "good", 14); }));
  std::optional<store::AgentRecord> agent;
  t_.db().read_blocking([&](store::Tx& tx) { agent = store::find_agent_by_id(tx, agent_); });
  EXPECT_EQ(agent->total_tasks, 1);
  EXPECT_DOUBLE_EQ(agent->reputation_score, 4.0);
  EXPECT_TRUE(violations().empty()) << violations().front();
}

TEST_P(TasksTest, CancelAndExpiryGiveTheBudgetBack) {
  auto cancelled = post(30 * credit);
  auto expiring = post(20 * credit);
  ASSERT_TRUE(cancelled && expiring);
  t_.db().write_blocking([&](store::Tx& tx) {
    tx.exec("UPDATE tasks SET deadline_at = 50 WHERE id = $1", {expiring->id});
  });
  EXPECT_EQ(available("acc_a"), 50 * credit);
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return cancel(tx, "acc_a", cancelled->id, 20); }));
  auto late =
      t_.write([&](store::Tx& tx) { return accept(tx, "acc_b", expiring->id, agent_, 60); });
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::conflict);
  int expired = 0;
  t_.db().write_blocking([&](store::Tx& tx) { expired = expire_due(tx, 60, 100); });
  EXPECT_EQ(expired, 1);
  EXPECT_EQ(available("acc_a"), 100 * credit);
  EXPECT_EQ(wallet("acc_a").held_micro, 0);
  EXPECT_TRUE(violations().empty()) << violations().front();
}

TEST_P(TasksTest, ABudgetBeyondTheBalanceIsRefused) {
  auto task = post(100 * credit + 1);
  ASSERT_FALSE(task);
  EXPECT_EQ(task.error().code, Errc::insufficient_credits);
  EXPECT_EQ(available("acc_a"), 100 * credit);
}

TEST_P(TasksTest, OnlyThePosterCancelsAndOnlyAnOpenTask) {
  auto task = post(10 * credit);
  ASSERT_TRUE(task);
  auto stranger = t_.write([&](store::Tx& tx) { return cancel(tx, "acc_c", task->id, 20); });
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, Errc::forbidden);
  ASSERT_TRUE(accept_as("acc_b", task->id, agent_));
  auto taken = t_.write([&](store::Tx& tx) { return cancel(tx, "acc_a", task->id, 20); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().current_state, "assigned");
  EXPECT_EQ(wallet("acc_a").held_micro, 10 * credit) << "the budget stays held for the assignee";
  expect_sound();
}

TEST_P(TasksTest, OnlyTheAssigneeCompletesAndOnlyAnAssignedTask) {
  auto task = post(10 * credit);
  ASSERT_TRUE(task);
  auto early = complete_as("acc_b", task->id);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, Errc::forbidden) << "nobody is assigned yet";
  ASSERT_TRUE(accept_as("acc_b", task->id, agent_));
  auto poster = complete_as("acc_a", task->id);
  ASSERT_FALSE(poster);
  EXPECT_EQ(poster.error().code, Errc::forbidden);
  ASSERT_TRUE(complete_as("acc_b", task->id));
  auto twice = complete_as("acc_b", task->id);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::conflict);
  EXPECT_EQ(available("acc_b"), 9 * credit) << "paid once";
  expect_sound();
}

TEST_P(TasksTest, AcceptingNeedsEveryRequiredCapabilityAndARunningAgentOfTheCaller) {
  auto task = post(10 * credit, {"research", "writing"});
  ASSERT_TRUE(task);
  auto lacking = accept_as("acc_b", task->id, agent_);
  ASSERT_FALSE(lacking);
  EXPECT_EQ(lacking.error().code, Errc::validation_error);
  const std::string both = make_agent("acc_b", "both", {"research", "writing"}, "private");
  auto not_mine = accept_as("acc_c", task->id, both);
  ASSERT_FALSE(not_mine);
  EXPECT_EQ(not_mine.error().code, Errc::not_found) << "another account's agent";
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return agents::transition(tx, "acc_b", both, agents::Lifecycle::stop, 3);
  }));
  auto stopped = accept_as("acc_b", task->id, both);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, Errc::conflict);
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return agents::transition(tx, "acc_b", both, agents::Lifecycle::start, 4);
  }));
  auto taken = accept_as("acc_b", task->id, both);
  ASSERT_TRUE(taken) << taken.error().message;
  EXPECT_EQ(taken->status, "assigned");
  EXPECT_EQ(taken->agent_id, both);
}

TEST_P(TasksTest, ADirectOfferIsSeenAndTakenOnlyByTheOfferedAgent) {
  Draft d{.title = "for you", .description = "d", .budget_micro = 5 * credit, .agent_id = agent_};
  auto offer = post_draft(d);
  ASSERT_TRUE(offer) << offer.error().message;
  EXPECT_EQ(offer->offered_account_id, "acc_b");
  EXPECT_TRUE(get_as("acc_a", offer->id));
  EXPECT_TRUE(get_as("acc_b", offer->id));
  auto hidden = get_as("acc_c", offer->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, Errc::not_found);
  const auto listed = t_.read([&](store::Tx& tx) {
    return tasks::list(tx, {.viewer = "acc_c"}, {.limit = 10, .offset = 0});
  });
  EXPECT_EQ(listed.total, 0) << "a bystander's list leaves the offer out";
  const std::string other = make_agent("acc_c", "other", {}, "public");
  auto wrong = accept_as("acc_c", offer->id, other);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::not_found) << "an offer to another is as absent";
  EXPECT_TRUE(accept_as("acc_b", offer->id, agent_));
}

TEST_P(TasksTest, AnOfferToOnesOwnOrAPrivateAgentIsRefusedAndHoldsNothing) {
  const std::string mine = make_agent("acc_a", "mine", {}, "public");
  Draft own{.title = "t", .description = "d", .budget_micro = 5 * credit, .agent_id = mine};
  auto to_self = post_draft(own);
  ASSERT_FALSE(to_self);
  EXPECT_EQ(to_self.error().code, Errc::forbidden);
  const std::string hidden = make_agent("acc_b", "hidden", {}, "private");
  Draft priv{.title = "t", .description = "d", .budget_micro = 5 * credit, .agent_id = hidden};
  auto to_private = post_draft(priv);
  ASSERT_FALSE(to_private);
  EXPECT_EQ(to_private.error().code, Errc::not_found);
  EXPECT_EQ(available("acc_a"), 100 * credit);
  EXPECT_EQ(wallet("acc_a").held_micro, 0);
}

TEST_P(TasksTest, ADeadlineMustBeInTheFutureAndExpiryVoidsAnAssignedTaskToo) {
  Draft past{.title = "t", .description = "d", .budget_micro = 5 * credit, .deadline_at_ms = 10};
  auto refused = post_draft(past);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::validation_error);
  Draft soon{.title = "t", .description = "d", .budget_micro = 5 * credit, .deadline_at_ms = 100};
  auto task = post_draft(soon);
  ASSERT_TRUE(task);
  ASSERT_TRUE(accept_as("acc_b", task->id, agent_, 50));
  const int expired = t_.write([](store::Tx& tx) { return expire_due(tx, 101, 10); });
  EXPECT_EQ(expired, 1);
  EXPECT_EQ(get_as("acc_a", task->id)->status, "expired");
  EXPECT_EQ(available("acc_a"), 100 * credit);
  EXPECT_FALSE(complete_as("acc_b", task->id)) << "an expired task is not paid";
  EXPECT_EQ(available("acc_b"), 0);
  expect_sound();
}

TEST_P(TasksTest, AReviewIsOnceByThePosterOfACompletedTaskAndRated1To5) {
  auto task = post(10 * credit);
  ASSERT_TRUE(task);
  auto review_as = [&](const std::string& account, std::int64_t rating) {
    return t_.write(
        [&](store::Tx& tx) { return review(tx, account, task->id, rating, "fine", 20); });
  };
  EXPECT_EQ(review_as("acc_a", 5).error().code, Errc::conflict) << "not completed yet";
  ASSERT_TRUE(accept_as("acc_b", task->id, agent_));
  ASSERT_TRUE(complete_as("acc_b", task->id));
  EXPECT_EQ(review_as("acc_b", 5).error().code, Errc::forbidden) << "the assignee";
  ASSERT_TRUE(review_as("acc_a", 2));
  EXPECT_EQ(review_as("acc_a", 5).error().code, Errc::conflict) << "reviewed already";
  const auto agent = t_.read([&](store::Tx& tx) { return agents::load(tx, agent_); });
  EXPECT_DOUBLE_EQ(agent->reputation_score, 2.0);
}

AGENTRY_ON_BOTH_ENGINES(TasksTest);

}  // namespace
}  // namespace agentry::tasks
