#include "domain/events.hpp"

#include "domain/agents.hpp"
#include "domain/tasks.hpp"
#include "domain/test_db.hpp"
#include "store/ledger_queries.hpp"

// Events: the catalog's patterns, an event written with its change and only then, who receives
// a marketplace transition, the low-balance crossing, reads kept to their account, and pruning;
// on both engines.
namespace agentry::events {
namespace {

TEST(EventPatterns, NameTypesPrefixesOrEverything) {
  for (const char* p : {"*", "run.*", "chat.*", "chat.turn.*", "run.completed", "credits.low"}) {
    EXPECT_TRUE(valid_pattern(p)) << p;
  }
  for (const char* p : {"", "run", "run.", ".*", "*.*", "bogus.*", "run.done", "run.**", "r*"}) {
    EXPECT_FALSE(valid_pattern(p)) << p;
  }
  EXPECT_TRUE(matches("run.*", "run.failed"));
  EXPECT_FALSE(matches("run.*", "runner.x"));
  EXPECT_TRUE(matches("*", "task.posted"));
  EXPECT_FALSE(matches("task.posted", "task.post"));
  EXPECT_TRUE(matches_any({"agent.created", "task.*"}, "task.expired"));
  EXPECT_FALSE(matches_any({}, "task.expired"));
}

// What the installed writer was asked to write: the object's kind and the viewer.
std::vector<std::string> written;
std::string recording_writer(const Object& object, const std::string& viewer) {
  written.push_back(std::to_string(object.index()) + "@" + viewer);
  return R"({"seen":true})";
}

class EventsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    written.clear();
    install_writer(recording_writer);
  }
  void TearDown() override { install_writer(nullptr); }

  std::vector<std::string> types_of(const std::string& account_id, store::EventFilter filter = {}) {
    std::vector<std::string> out;
    for (const auto& e :
         t_.read([&](store::Tx& tx) { return list(tx, account_id, filter, 100); })) {
      out.push_back(e.type);
    }
    return out;
  }
  Result<store::AgentRecord> make_agent(const std::string& account_id, const std::string& name,
                                        std::vector<std::string> capabilities = {}) {
    return t_.write([&](store::Tx& tx) {
      return agents::create(
          tx, account_id, {.name = name, .capabilities = capabilities, .visibility = "public"}, 10);
    });
  }
};

TEST_P(EventsTest, AChangeWritesItsEventAndARefusedOneWritesNone) {
  add_account("acc_a");
  auto agent = make_agent("acc_a", "first");
  ASSERT_TRUE(agent);
  EXPECT_FALSE(make_agent("acc_a", "first")) << "the name is taken";
  const auto listed = t_.read([&](store::Tx& tx) { return list(tx, "acc_a", {}, 10); });
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].type, "agent.created");
  EXPECT_EQ(listed[0].agent_id, agent->id);
  EXPECT_EQ(listed[0].data, R"({"seen":true})");
  EXPECT_EQ(written, std::vector<std::string>{"0@acc_a"});

  // Only the account reads it.
  EXPECT_TRUE(t_.read([&](store::Tx& tx) { return get(tx, "acc_a", listed[0].id); }));
  auto other = t_.read([&](store::Tx& tx) { return get(tx, "acc_b", listed[0].id); });
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Errc::not_found);
}

TEST_P(EventsTest, ListsNewestFirstByPatternAgentAndCursor) {
  add_account("acc_a");
  auto agent = make_agent("acc_a", "busy");
  ASSERT_TRUE(agent);
  for (auto action : {agents::Lifecycle::stop, agents::Lifecycle::start}) {
    ASSERT_TRUE(t_.write(
        [&](store::Tx& tx) { return agents::transition(tx, "acc_a", agent->id, action, 20); }));
  }
  ASSERT_TRUE(make_agent("acc_a", "idle"));
  EXPECT_EQ(types_of("acc_a"), (std::vector<std::string>{"agent.created", "agent.started",
                                                         "agent.stopped", "agent.created"}));
  EXPECT_EQ(types_of("acc_a", {.types = {"agent.stopped", "agent.started"}}),
            (std::vector<std::string>{"agent.started", "agent.stopped"}));
  EXPECT_EQ(types_of("acc_a", {.types = {"agent.*"}}).size(), 4U);
  EXPECT_EQ(types_of("acc_a", {.types = {"run.*"}}).size(), 0U);
  EXPECT_EQ(types_of("acc_a", {.types = {"run.*", "*"}}).size(), 4U);
  EXPECT_EQ(types_of("acc_a", {.agent_id = agent->id}).size(), 3U);
  const auto all = t_.read([&](store::Tx& tx) { return list(tx, "acc_a", {}, 10); });
  EXPECT_EQ(types_of("acc_a", {.before_id = all[1].id}),
            (std::vector<std::string>{"agent.stopped", "agent.created"}));
}

TEST_P(EventsTest, ATaskTransitionIsAnEventOfBothPartiesEachWrittenForItsViewer) {
  add_account("acc_poster", 100'000'000);
  add_account("acc_worker");
  auto agent = make_agent("acc_worker", "taker", {"summarize"});
  ASSERT_TRUE(agent);
  written.clear();
  auto task = t_.write([&](store::Tx& tx) {
    return tasks::post(tx, "acc_poster", {.title = "t", .budget_micro = 1'000'000}, 30);
  });
  ASSERT_TRUE(task);
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return tasks::accept(tx, "acc_worker", task->id, agent->id, 40); }));
  EXPECT_EQ(types_of("acc_poster", {.types = {"task.*"}}),
            (std::vector<std::string>{"task.accepted", "task.posted"}));
  EXPECT_EQ(types_of("acc_worker", {.types = {"task.*"}}),
            (std::vector<std::string>{"task.accepted"}));
  EXPECT_EQ(written, (std::vector<std::string>{"2@acc_poster", "2@acc_poster", "2@acc_worker"}));
  // A refused transition writes nothing.
  EXPECT_FALSE(t_.write(
      [&](store::Tx& tx) { return tasks::accept(tx, "acc_worker", task->id, agent->id, 50); }));
  EXPECT_EQ(types_of("acc_worker", {.types = {"task.*"}}).size(), 1U);
}

TEST_P(EventsTest, CreditsLowOncePerCrossingOfTheThreshold) {
  add_account("acc_a", 10'000'000);
  EXPECT_EQ(types_of("acc_a"), std::vector<std::string>{"credits.granted"});
  auto hold = [&](std::int64_t credits) {
    return t_.write([&](store::Tx& tx) {
      return ledger::hold(tx, "acc_a", credits * 1'000'000, "task_hold", {}, 60);
    });
  };
  ASSERT_TRUE(hold(6)) << "no threshold: no event";
  t_.db().write_blocking(
      [&](store::Tx& tx) { ASSERT_TRUE(store::set_low_balance(tx, "acc_a", 3'000'000)); });
  ASSERT_TRUE(hold(1));
  EXPECT_EQ(types_of("acc_a", {.types = {"credits.low"}}).size(), 0U) << "3 left: not below 3";
  ASSERT_TRUE(hold(1));
  EXPECT_EQ(types_of("acc_a", {.types = {"credits.low"}}).size(), 1U);
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return ledger::deduct(tx, "acc_a", 1'000'000, "deduct", {}, 70); }));
  EXPECT_EQ(types_of("acc_a", {.types = {"credits.low"}}).size(), 1U) << "still below";
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return ledger::grant(tx, "acc_a", 5'000'000, "grant", {}, 80); }));
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return ledger::deduct(tx, "acc_a", 4'000'000, "deduct", {}, 90); }));
  EXPECT_EQ(types_of("acc_a", {.types = {"credits.low"}}).size(), 2U) << "up again, then down";
  EXPECT_FALSE(hold(100)) << "refused: nothing moved, no event";
  EXPECT_EQ(types_of("acc_a", {.types = {"credits.low"}}).size(), 2U);
}

TEST_P(EventsTest, PruneRemovesOldEventsInBatches) {
  add_account("acc_a");
  const std::int64_t later = testing::later_than_any_time();
  for (std::int64_t at : {later + 100, later + 200, later + 300, later + 400}) {
    t_.db().write_blocking([&](store::Tx& tx) {
      const store::AgentRecord a{.id = "agt_" + std::to_string(at)};
      emit(tx, "acc_a", "agent.updated", &a, at);
    });
  }
  EXPECT_EQ(t_.write([&](store::Tx& tx) { return prune(tx, later + 350, 2); }), 2);
  EXPECT_EQ(t_.write([&](store::Tx& tx) { return prune(tx, later + 350, 2); }), 1);
  EXPECT_EQ(t_.write([&](store::Tx& tx) { return prune(tx, later + 350, 2); }), 0);
  EXPECT_EQ(types_of("acc_a").size(), 1U);
}

AGENTRY_ON_BOTH_ENGINES(EventsTest);

}  // namespace
}  // namespace agentry::events
