#include "domain/webhooks.hpp"

#include "domain/agents.hpp"
#include "domain/tasks.hpp"
#include "domain/test_db.hpp"
#include "store/webhook_queries.hpp"

// Webhooks: the outbox a change fills, the retry schedule and when an endpoint is disabled,
// per-endpoint claiming, secrets under rotation; on both engines, with times given by the test.
namespace agentry::webhooks {
namespace {

const secrets::Vault vault(testing::test_key(3));

class WebhooksTest : public testing::DomainTest {
 protected:
  Created make(const std::string& account_id, std::vector<std::string> types,
               std::optional<std::string> agent_id = std::nullopt) {
    auto created = t_.write([&](store::Tx& tx) {
      return create(tx, vault, account_id,
                    {.url = "https://hooks.example.com/in",
                     .event_types = std::move(types),
                     .agent_id = std::move(agent_id)},
                    100);
    });
    EXPECT_TRUE(created) << created.error().message;
    return *created;
  }
  std::vector<store::DeliveryRecord> deliveries_of(const std::string& account_id,
                                                   const std::string& id) {
    return *t_.read(
        [&](store::Tx& tx) { return deliveries(tx, account_id, id, std::nullopt, 100); });
  }
  store::AgentRecord agent(const std::string& account_id, const std::string& name,
                           std::vector<std::string> capabilities = {}) {
    return *t_.write([&](store::Tx& tx) {
      return agents::create(tx, account_id, {.name = name, .capabilities = std::move(capabilities)},
                            100);
    });
  }
  // Claims every due delivery at `now_ms` and records `status` for each.
  std::vector<store::DeliveryRecord> try_all(std::int64_t now_ms,
                                             std::optional<std::int64_t> status) {
    std::vector<store::DeliveryRecord> out;
    t_.db().write_blocking([&](store::Tx& tx) {
      for (const auto& d : claim(
               tx, 100, [](const std::string&) { return 100; }, now_ms + 60'000, now_ms)) {
        out.push_back(record(tx, d, {.status_code = status, .latency_ms = 3}, {}, now_ms));
      }
    });
    return out;
  }
  std::string status_of(const std::string& account_id, const std::string& id) {
    return t_.read([&](store::Tx& tx) { return get(tx, account_id, id); })->status;
  }
};

TEST_P(WebhooksTest, AnEventQueuesADeliveryToEachMatchingEndpointOfItsAccount) {
  add_account("acc_a");
  add_account("acc_b");
  const Created all = make("acc_a", {"*"});
  const Created runs = make("acc_a", {"run.*"});
  const auto mine = agent("acc_a", "mine");
  const auto other = agent("acc_a", "other");
  const Created scoped = make("acc_a", {"agent.*"}, mine.id);
  const Created elsewhere = make("acc_b", {"*"});
  t_.db().write_blocking([&](store::Tx& tx) {
    ASSERT_TRUE(agents::transition(tx, "acc_a", mine.id, agents::Lifecycle::stop, 200));
    ASSERT_TRUE(agents::transition(tx, "acc_a", other.id, agents::Lifecycle::stop, 201));
  });
  EXPECT_EQ(deliveries_of("acc_a", all.webhook.id).size(), 4U) << "two created, two stopped";
  EXPECT_EQ(deliveries_of("acc_a", runs.webhook.id).size(), 0U);
  const auto scoped_ones = deliveries_of("acc_a", scoped.webhook.id);
  ASSERT_EQ(scoped_ones.size(), 1U) << "only its agent, and only after it was registered";
  EXPECT_EQ(scoped_ones[0].event_type, "agent.stopped");
  EXPECT_EQ(deliveries_of("acc_b", elsewhere.webhook.id).size(), 0U);
  EXPECT_FALSE(t_.read([&](store::Tx& tx) {
    return deliveries(tx, "acc_b", all.webhook.id, {}, 1);
  })) << "another account's endpoint is not found";
}

TEST_P(WebhooksTest, TaskPostedReachesOtherAccountsAgentsWithARequiredCapability) {
  add_account("acc_poster", 100'000'000);
  add_account("acc_taker");
  const auto capable = agent("acc_taker", "capable", {"summarize"});
  const auto unable = agent("acc_taker", "unable", {"draw"});
  const Created feed = make("acc_taker", {"task.posted"}, capable.id);
  const Created none = make("acc_taker", {"task.posted"}, unable.id);
  for (const auto& caps : std::vector<std::vector<std::string>>{{"summarize", "x"}, {"x"}, {}}) {
    ASSERT_TRUE(t_.write([&](store::Tx& tx) {
      return tasks::post(tx, "acc_poster",
                         {.title = "t", .budget_micro = 1'000'000, .capabilities = caps}, 300);
    }));
  }
  const auto fed = deliveries_of("acc_taker", feed.webhook.id);
  ASSERT_EQ(fed.size(), 1U);
  EXPECT_EQ(fed[0].event_type, "task.posted");
  EXPECT_EQ(fed[0].account_id, "acc_taker");
  EXPECT_EQ(deliveries_of("acc_taker", none.webhook.id).size(), 0U);
}

TEST_P(WebhooksTest, FailuresRetryOnTheScheduleThenFail) {
  add_account("acc_a");
  const Created hook = make("acc_a", {"agent.*"});
  agent("acc_a", "a");
  std::int64_t now = 1'000;
  for (std::size_t i = 0; i < retry_after_ms.size(); ++i) {
    const auto tried = try_all(now, 503);
    ASSERT_EQ(tried.size(), 1U) << "try " << i + 1;
    EXPECT_EQ(tried[0].status, "pending");
    EXPECT_EQ(tried[0].next_attempt_at_ms, now + retry_after_ms.at(i));
    EXPECT_TRUE(try_all(now + retry_after_ms.at(i) - 1, 503).empty()) << "not due yet";
    now += retry_after_ms.at(i);
  }
  const auto last = try_all(now, 503);
  ASSERT_EQ(last.size(), 1U);
  EXPECT_EQ(last[0].status, "failed");
  EXPECT_EQ(last[0].attempts, 11);
  const auto listed = deliveries_of("acc_a", hook.webhook.id);
  ASSERT_EQ(listed[0].attempt_log.size(), 11U);
  EXPECT_EQ(listed[0].attempt_log[0].status_code, 503);
  EXPECT_EQ(listed[0].last_error, "the endpoint answered 503");
  EXPECT_EQ(status_of("acc_a", hook.webhook.id), "enabled") << "about 3 days: not yet 5";
}

TEST_P(WebhooksTest, JitterStretchesTheWaitByAtMostItsShareAndTestsMayScaleIt) {
  add_account("acc_a");
  make("acc_a", {"agent.*"});
  agent("acc_a", "a");
  t_.db().write_blocking([&](store::Tx& tx) {
    auto claimed = claim(
        tx, 10, [](const std::string&) { return 10; }, 70'000, 10'000);
    ASSERT_EQ(claimed.size(), 1U);
    auto d = record(tx, claimed[0], {.error = "connection refused"},
                    {.jitter_permille = 100, .scale_ppm = 1000}, 10'000);
    EXPECT_EQ(d.next_attempt_at_ms, 10'000 + 5 + 0)
        << "5 s scaled to 5 ms; 10% of 5 ms rounds down";
    EXPECT_EQ(d.last_error, "connection refused");
  });
}

TEST_P(WebhooksTest, ATryWithNeitherStatusNorErrorIsRecordedAsNoAnswer) {
  add_account("acc_a");
  make("acc_a", {"agent.*"});
  agent("acc_a", "a");
  t_.db().write_blocking([&](store::Tx& tx) {
    auto claimed = claim(
        tx, 10, [](const std::string&) { return 10; }, 70'000, 10'000);
    ASSERT_EQ(claimed.size(), 1U);
    auto d = record(tx, claimed[0], {}, {}, 10'000);
    EXPECT_EQ(d.status, "pending");
    EXPECT_EQ(d.last_error, "the endpoint did not answer");
  });
}

TEST_P(WebhooksTest, FiveDaysOfFailuresOr410DisableTheEndpoint) {
  add_account("acc_a");
  const Created hook = make("acc_a", {"agent.created"});
  agent("acc_a", "a");
  try_all(1'000, 500);
  agent("acc_a", "b");
  const std::int64_t later = 1'000 + disable_after_failing_ms - 1;
  try_all(later, 500);
  EXPECT_EQ(status_of("acc_a", hook.webhook.id), "enabled");
  agent("acc_a", "c");
  try_all(later + 1, 500);
  auto disabled = t_.read([&](store::Tx& tx) { return get(tx, "acc_a", hook.webhook.id); });
  EXPECT_EQ(disabled->status, "disabled");
  EXPECT_EQ(disabled->disabled_reason, "its deliveries failed for 5 days");
  for (const auto& d : deliveries_of("acc_a", hook.webhook.id)) EXPECT_EQ(d.status, "failed");
  const auto events = t_.read(
      [&](store::Tx& tx) { return events::list(tx, "acc_a", {.types = {"webhook.*"}}, 5); });
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].type, "webhook.disabled");

  const Created gone = make("acc_a", {"agent.updated"});
  const auto d = agent("acc_a", "d");
  t_.db().write_blocking([&](store::Tx& tx) {
    ASSERT_TRUE(agents::update(tx, "acc_a", d.id, {.description = "x"}, std::nullopt, 2'000));
  });
  try_all(later + 2, 410);
  EXPECT_EQ(status_of("acc_a", gone.webhook.id), "disabled") << "at once";
}

TEST_P(WebhooksTest, ASuccessStopsTheFailureClock) {
  add_account("acc_a");
  const Created hook = make("acc_a", {"agent.created"});
  agent("acc_a", "a");
  try_all(1'000, 500);
  EXPECT_TRUE(
      t_.read([&](store::Tx& tx) { return get(tx, "acc_a", hook.webhook.id); })->failing_since_ms);
  try_all(1'000 + retry_after_ms[0], 204);
  EXPECT_FALSE(
      t_.read([&](store::Tx& tx) { return get(tx, "acc_a", hook.webhook.id); })->failing_since_ms);
}

TEST_P(WebhooksTest, ClaimsRespectEachEndpointsFreeSlots) {
  add_account("acc_a");
  const Created hook = make("acc_a", {"agent.created"});
  for (int i = 0; i < 5; ++i) agent("acc_a", "a" + std::to_string(i));
  std::vector<store::DeliveryRecord> first;
  t_.db().write_blocking([&](store::Tx& tx) {
    first = claim(
        tx, 10, [&](const std::string& target) { return target == hook.webhook.id ? 2 : 0; },
        60'000, 1'000);
  });
  ASSERT_EQ(first.size(), 2U);
  EXPECT_LT(first[0].id, first[1].id) << "in the order they were made";
  std::vector<store::DeliveryRecord> again;
  t_.db().write_blocking([&](store::Tx& tx) {
    again = claim(
        tx, 10, [](const std::string&) { return 10; }, 60'000, 1'000);
  });
  EXPECT_EQ(again.size(), 3U) << "the claimed two are leased";
  t_.db().write_blocking([&](store::Tx& tx) {
    again = claim(
        tx, 10, [](const std::string&) { return 10; }, 120'000, 60'001);
  });
  EXPECT_EQ(again.size(), 5U) << "a lapsed claim is due again: at least once";
  EXPECT_EQ(t_.write([&](store::Tx& tx) { return release_claims(tx); }), 5);
  t_.db().write_blocking([&](store::Tx& tx) {
    again = claim(
        tx, 10, [](const std::string&) { return 10; }, 180'000, 60'002);
  });
  EXPECT_EQ(again.size(), 5U) << "released at a single node's start";
}

TEST_P(WebhooksTest, AnEndpointDeletedDuringASendKeepsNoAttempt) {
  add_account("acc_a");
  const Created hook = make("acc_a", {"agent.created"});
  agent("acc_a", "a");
  t_.db().write_blocking([&](store::Tx& tx) {
    auto claimed = claim(
        tx, 10, [](const std::string&) { return 10; }, 60'000, 1'000);
    ASSERT_EQ(claimed.size(), 1U);
    ASSERT_TRUE(remove(tx, "acc_a", hook.webhook.id));
    record(tx, claimed[0], {.status_code = 200}, {}, 1'100);
    EXPECT_EQ(tx.query("SELECT COUNT(*) FROM delivery_attempts").at(0).integer(0), 0);
  });
}

TEST_P(WebhooksTest, RotationSignsWithBothSecretsForADay) {
  add_account("acc_a");
  const Created hook = make("acc_a", {"agent.created"});
  auto rotated = t_.write(
      [&](store::Tx& tx) { return rotate_secret(tx, vault, "acc_a", hook.webhook.id, 500); });
  ASSERT_TRUE(rotated);
  EXPECT_NE(rotated->secret, hook.secret);
  agent("acc_a", "a");
  auto targets = [&](std::int64_t now_ms) {
    std::optional<Target> out;
    t_.db().write_blocking([&](store::Tx& tx) {
      auto d = store::list_deliveries(tx, hook.webhook.id, std::nullopt, 1);
      out = target_of(tx, vault, d.at(0), now_ms);
    });
    return out->secrets;
  };
  EXPECT_EQ(targets(600), (std::vector<std::string>{rotated->secret, hook.secret}));
  EXPECT_EQ(targets(500 + previous_secret_ms), std::vector<std::string>{rotated->secret});
}

TEST_P(WebhooksTest, ChecksItsInput) {
  add_account("acc_a");
  auto attempt = [&](Draft d) {
    return t_.write([&](store::Tx& tx) { return create(tx, vault, "acc_a", d, 1); });
  };
  EXPECT_EQ(attempt({.url = "http://x.example.com/", .event_types = {{"*"}}}).error().field, "url");
  EXPECT_TRUE(
      attempt({.url = "http://127.0.0.1:9/", .event_types = {{"*"}}, .allow_loopback_http = true}));
  EXPECT_EQ(attempt({.url = "https://x.example.com/", .event_types = {{"run"}}}).error().field,
            "eventTypes");
  EXPECT_EQ(attempt({.url = "https://x.example.com/", .event_types = {{}}}).error().field,
            "eventTypes");
  EXPECT_EQ(attempt({.url = "https://x.example.com/", .event_types = {{"*"}}, .agent_id = "agt_x"})
                .error()
                .code,
            Errc::not_found);
  for (std::int64_t i = 1; i < max_per_account; ++i) {
    ASSERT_TRUE(attempt({.url = "https://x.example.com/", .event_types = {{"*"}}}));
  }
  EXPECT_EQ(attempt({.url = "https://x.example.com/", .event_types = {{"*"}}}).error().code,
            Errc::limit_reached);
}

TEST(WebhookPlans, OnlyPlansWithTheFeatureMayUseWebhooks) {
  const plans::Catalog catalog(plans::defaults());
  EXPECT_FALSE(allowed(*catalog.find("free")));
  EXPECT_EQ(allowed(*catalog.find("starter")).error().code, Errc::forbidden);
  EXPECT_NE(allowed(*catalog.find("starter")).error().message.find("Starter plan"),
            std::string::npos);
  EXPECT_TRUE(allowed(*catalog.find("pro")));
  EXPECT_TRUE(allowed(*catalog.find("enterprise")));
}

AGENTRY_ON_BOTH_ENGINES(WebhooksTest);

}  // namespace
}  // namespace agentry::webhooks
