#include "domain/schedules.hpp"

#include "domain/agents.hpp"
#include "domain/events.hpp"
#include "domain/test_db.hpp"
#include "store/run_queries.hpp"

// Schedules: validation, when each is due, one firing per due time, missed times firing once,
// the overlap policy, pause, resume and trigger; on both engines, with times given by the test.
namespace agentry::schedules {
namespace {

const pricing::PriceTable prices(pricing::default_prices());
constexpr std::int64_t minute = 60'000;
constexpr std::int64_t t0 = 1'798'761'600'000;  // 2027-01-01T00:00:00Z

class SchedulesTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a");
    add_account("acc_b");
    agent_ = *t_.write([&](store::Tx& tx) {
      return agents::create(tx, "acc_a", {.name = "clock", .model = "echo"}, 1);
    });
  }
  TermsOf terms() const {
    return [](store::Tx& /*tx*/, const std::string& /*account*/) {
      return runs::Terms{.prices = &prices, .max_output_tokens = 100};
    };
  }
  Result<store::ScheduleRecord> make(Draft d, std::int64_t now_ms = t0 + minute) {
    if (!d.name) d.name = "every five";
    if (!d.agent_id) d.agent_id = agent_.id;
    return t_.write([&](store::Tx& tx) { return create(tx, "acc_a", d, {}, now_ms); });
  }
  std::vector<Fired> fire_at(std::int64_t now_ms) {
    std::vector<Fired> out;
    t_.db().write_blocking([&](store::Tx& tx) { out = fire_due(tx, terms(), now_ms, 100); });
    return out;
  }
  store::ScheduleRecord read(const std::string& id) {
    return *t_.read([&](store::Tx& tx) { return get(tx, "acc_a", id); });
  }
  std::vector<store::FiringRecord> firings_of(const store::ScheduleRecord& s) {
    return t_.read([&](store::Tx& tx) { return recent_firings(tx, s); });
  }
  void end_run(const std::string& run_id) {
    t_.db().write_blocking(
        [&](store::Tx& tx) { ASSERT_TRUE(runs::cancel(tx, "acc_a", run_id, t0)); });
  }

  store::AgentRecord agent_;
};

TEST_P(SchedulesTest, ARefusedExpressionZoneOrAgentSaysWhichField) {
  auto bad_cron = make({.cron = "61 * * * *"});
  ASSERT_FALSE(bad_cron);
  EXPECT_EQ(bad_cron.error().field, "cron");
  auto never = make({.cron = "0 0 30 2 *"});
  ASSERT_FALSE(never);
  EXPECT_NE(never.error().message.find("never fires"), std::string::npos);
  auto zone = make({.cron = "@daily", .time_zone = "Mars/Base"});
  ASSERT_FALSE(zone);
  EXPECT_EQ(zone.error().field, "timeZone");
  auto overlap = make({.cron = "@daily", .overlap = "sometimes"});
  ASSERT_FALSE(overlap);
  EXPECT_EQ(overlap.error().field, "overlap");
  auto seconds = make({.cron = "*/5 * * * * *"});
  ASSERT_FALSE(seconds) << "six fields only with --schedule-seconds";
  auto others = t_.write([&](store::Tx& tx) {
    return create(tx, "acc_b", {.name = "x", .cron = "@daily", .agent_id = agent_.id}, {}, t0);
  });
  ASSERT_FALSE(others);
  EXPECT_EQ(others.error().code, Errc::not_found) << "another account's private agent";
}

TEST_P(SchedulesTest, DueAtTheFirstTimeAfterItsCreationInItsZone) {
  auto s = make({.cron = "*/5 * * * *"});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->status, "active");
  EXPECT_EQ(s->time_zone, "UTC");
  EXPECT_EQ(s->overlap, "skip");
  EXPECT_EQ(s->next_fire_at_ms, t0 + 5 * minute);
  EXPECT_EQ(next_fire_times(*s, 3),
            (std::vector<std::int64_t>{t0 + 5 * minute, t0 + 10 * minute, t0 + 15 * minute}));
  auto berlin = make({.cron = "0 9 * * *", .time_zone = "Europe/Berlin"});
  ASSERT_TRUE(berlin);
  EXPECT_EQ(berlin->next_fire_at_ms, t0 + 480 * minute) << "09:00 CET is 08:00 UTC";
  EXPECT_FALSE(t_.read([&](store::Tx& tx) { return get(tx, "acc_b", s->id); }))
      << "another account's schedule is not found";
}

TEST_P(SchedulesTest, ADueTimeFiresOnceStartingARunAndEmittingScheduleFired) {
  auto s = make({.cron = "*/5 * * * *", .input = R"({"task":"tick"})"});
  ASSERT_TRUE(s);
  EXPECT_TRUE(fire_at(t0 + 4 * minute).empty()) << "not due yet";
  auto fired = fire_at(t0 + 5 * minute + 200);
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0].firing.outcome, "started");
  EXPECT_EQ(fired[0].firing.due_at_ms, t0 + 5 * minute);
  ASSERT_TRUE(fired[0].firing.run_id);
  auto run = t_.read([&](store::Tx& tx) { return store::find_run(tx, *fired[0].firing.run_id); });
  ASSERT_TRUE(run);
  EXPECT_EQ(run->input, R"({"task":"tick"})");
  EXPECT_EQ(run->agent_id, agent_.id);
  EXPECT_TRUE(fire_at(t0 + 5 * minute + 300).empty()) << "the same due time never fires twice";
  EXPECT_EQ(read(s->id).next_fire_at_ms, t0 + 10 * minute);
  EXPECT_EQ(read(s->id).last_fired_at_ms, t0 + 5 * minute + 200);
  auto events = t_.read(
      [&](store::Tx& tx) { return events::list(tx, "acc_a", {.types = {"schedule.fired"}}, 10); });
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].agent_id, agent_.id);
}

TEST_P(SchedulesTest, TimesMissedWhileNoNodeRanFireOnce) {
  auto s = make({.cron = "* * * * *", .overlap = "queue"});
  ASSERT_TRUE(s);
  auto fired = fire_at(t0 + 30 * minute + 10);
  ASSERT_EQ(fired.size(), 1U) << "29 missed minutes make one firing";
  EXPECT_EQ(fired[0].firing.due_at_ms, t0 + 2 * minute);
  EXPECT_EQ(read(s->id).next_fire_at_ms, t0 + 31 * minute);
}

TEST_P(SchedulesTest, OverlapSkipWaitsForTheLastRunQueueDoesNot) {
  auto skip = make({.cron = "* * * * *"});
  auto queue = make({.name = "q", .cron = "* * * * *", .overlap = "queue"});
  ASSERT_TRUE(skip && queue);
  ASSERT_EQ(fire_at(t0 + 2 * minute).size(), 2U);
  auto second = fire_at(t0 + 3 * minute);
  ASSERT_EQ(second.size(), 2U);
  for (const Fired& f : second) {
    if (f.schedule.id == skip->id) {
      EXPECT_EQ(f.firing.outcome, "skipped");
      EXPECT_NE(f.firing.error->find("has not ended"), std::string::npos);
    } else {
      EXPECT_EQ(f.firing.outcome, "started") << "queue starts another run";
    }
  }
  end_run(*firings_of(*skip).back().run_id);
  auto third = fire_at(t0 + 4 * minute);
  ASSERT_EQ(third.size(), 2U);
  for (const Fired& f : third) EXPECT_EQ(f.firing.outcome, "started");
  EXPECT_EQ(firings_of(*skip).size(), 3U);
}

TEST_P(SchedulesTest, ARefusedRunIsAFailedFiringAndTheScheduleGoesOn) {
  auto s = make({.cron = "* * * * *"});
  ASSERT_TRUE(s);
  t_.db().write_blocking([&](store::Tx& tx) {
    ASSERT_TRUE(agents::transition(tx, "acc_a", agent_.id, agents::Lifecycle::stop, t0));
  });
  auto fired = fire_at(t0 + 2 * minute);
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0].firing.outcome, "failed");
  EXPECT_NE(fired[0].firing.error->find("stopped"), std::string::npos);
  EXPECT_FALSE(fired[0].firing.run_id);
  EXPECT_EQ(read(s->id).next_fire_at_ms, t0 + 3 * minute);
}

TEST_P(SchedulesTest, PausedIsNeverDueResumedIsDueAfterNowTriggerFiresByHand) {
  auto s = make({.cron = "*/5 * * * *"});
  ASSERT_TRUE(s);
  auto paused = t_.write([&](store::Tx& tx) { return pause(tx, "acc_a", s->id, t0 + minute); });
  ASSERT_TRUE(paused);
  EXPECT_EQ(paused->status, "paused");
  EXPECT_TRUE(next_fire_times(*paused, 5).empty());
  EXPECT_TRUE(fire_at(t0 + 60 * minute).empty());
  auto manual = t_.write(
      [&](store::Tx& tx) { return trigger(tx, "acc_a", s->id, terms(), t0 + 61 * minute); });
  ASSERT_TRUE(manual);
  EXPECT_EQ(manual->firing.outcome, "started");
  EXPECT_FALSE(manual->firing.due_at_ms) << "a firing by hand has no due time";
  EXPECT_EQ(manual->schedule.status, "paused");
  auto resumed =
      t_.write([&](store::Tx& tx) { return resume(tx, "acc_a", s->id, t0 + 61 * minute); });
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->next_fire_at_ms, t0 + 65 * minute) << "the paused hour does not fire";
  auto changed = t_.write([&](store::Tx& tx) {
    return update(tx, "acc_a", s->id, {.cron = "0 * * * *"}, {}, t0 + 62 * minute);
  });
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->next_fire_at_ms, t0 + 120 * minute);
  EXPECT_TRUE(t_.write([&](store::Tx& tx) { return remove(tx, "acc_a", s->id); }));
  EXPECT_FALSE(t_.write([&](store::Tx& tx) { return remove(tx, "acc_a", s->id); }));
}

TEST_P(SchedulesTest, PreviewListsTheTimesOfAnExpression) {
  auto times = preview("30 2 * * *", "America/New_York", 1'805'025'600'000, 2, {});
  ASSERT_TRUE(times);  // from 2027-03-14T12:00Z... the next two 02:30s in New York (EDT)
  EXPECT_EQ(times->size(), 2U);
  EXPECT_FALSE(preview("* * *", "UTC", t0, 5, {}));
}

TEST_P(SchedulesTest, AChatTargetNeedsAHostedAgentAMessageAndItsOwnSession) {
  auto no_message = make({.cron = "@daily", .target_kind = "chat"});
  ASSERT_FALSE(no_message);
  EXPECT_EQ(no_message.error().field, "target.message");
  auto remote = t_.write([&](store::Tx& tx) {
    return agents::create(
        tx, "acc_a", {.name = "far", .kind = "remote", .endpoint_url = "https://a.example/run"}, 1);
  });
  ASSERT_TRUE(remote);
  auto to_remote =
      make({.cron = "@daily", .target_kind = "chat", .agent_id = remote->id, .message = "hello"});
  ASSERT_FALSE(to_remote);
  EXPECT_EQ(to_remote.error().field, "target.agentId");
  auto no_session =
      make({.cron = "@daily", .target_kind = "chat", .session_id = "ses_nope", .message = "hello"});
  ASSERT_FALSE(no_session);
  EXPECT_EQ(no_session.error().code, Errc::not_found);
  auto kind = make({.cron = "@daily", .target_kind = "email"});
  ASSERT_FALSE(kind);
  EXPECT_EQ(kind.error().field, "target.type");
}

TEST_P(SchedulesTest, AChatFiringIsSentAfterItsTransactionAndSkipsWhileUnanswered) {
  auto s = make({.cron = "* * * * *", .target_kind = "chat", .message = "status?"});
  ASSERT_TRUE(s) << s.error().message;
  auto first = fire_at(t0 + 2 * minute);
  ASSERT_EQ(first.size(), 1U);
  EXPECT_TRUE(first[0].chat_to_send());
  EXPECT_EQ(first[0].firing.outcome, "started");
  EXPECT_FALSE(first[0].firing.run_id);
  auto second = fire_at(t0 + 3 * minute);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second[0].firing.outcome, "skipped") << "the first message has no answer yet";
  EXPECT_FALSE(second[0].chat_to_send());
  t_.db().write_blocking(
      [&](store::Tx& tx) { chat_answered(tx, first[0].firing.id, "ses_1", "msg_1"); });
  auto third = fire_at(t0 + 4 * minute);
  ASSERT_EQ(third.size(), 1U);
  EXPECT_EQ(third[0].firing.outcome, "started");
  t_.db().write_blocking(
      [&](store::Tx& tx) { chat_failed(tx, third[0].firing.id, "the provider failed"); });
  const auto firings = firings_of(*s);
  ASSERT_EQ(firings.size(), 3U);
  EXPECT_EQ(firings[0].outcome, "failed");
  EXPECT_EQ(firings[0].error, "the provider failed");
  EXPECT_EQ(firings[2].message_id, "msg_1");
  EXPECT_EQ(firings[2].session_id, "ses_1");
  // A firing its node never answered fails once it is old enough.
  auto fourth = fire_at(t0 + 5 * minute);
  ASSERT_EQ(fourth.size(), 1U);
  EXPECT_EQ(t_.write([&](store::Tx& tx) -> Result<std::int64_t> {
                return abandon_chats(tx, t0 + 5 * minute + 1);
              }).value(),
            1);
  EXPECT_EQ(firings_of(*s)[0].outcome, "failed");
}

AGENTRY_ON_BOTH_ENGINES(SchedulesTest);

}  // namespace
}  // namespace agentry::schedules
