#include "domain/agents.hpp"

#include <algorithm>

#include "domain/agent_log.hpp"
#include "domain/remote_agents.hpp"
#include "domain/test_db.hpp"
#include "store/log_queries.hpp"
#include "store/queries.hpp"

namespace agentry::agents {
namespace {

class AgentsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a");
    add_account("acc_b");
  }
  Result<store::AgentRecord> create_named(const std::string& account, const std::string& name) {
    Draft d;
    d.name = name;
    return t_.write([&](store::Tx& tx) { return create(tx, account, d, 1000); });
  }
};

TEST_P(AgentsTest, CreatesARunningHostedAgentWithDefaults) {
  auto a = create_named("acc_a", "  Support Bot ");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->name, "Support Bot");
  EXPECT_EQ(a->display_name, "Support Bot");
  EXPECT_EQ(a->kind, "hosted");
  EXPECT_EQ(a->model, std::string(default_model));
  EXPECT_EQ(a->status, "running");
  EXPECT_EQ(a->visibility, "private");
  EXPECT_EQ(a->revision, 1);
}

TEST_P(AgentsTest, APlanLimitsAgentsAndRunningAgents) {
  const plans::Plan plan{
      .id = "small", .display_name = "Small", .max_agents = 2, .max_running_agents = 1};
  auto make = [&](const std::string& name) {
    return t_.write(
        [&](store::Tx& tx) { return create(tx, "acc_a", {.name = name, .plan = &plan}, 1000); });
  };
  auto move = [&](const store::AgentRecord& a, Lifecycle action) {
    return t_.write(
        [&](store::Tx& tx) { return transition(tx, "acc_a", a.id, action, 2000, &plan); });
  };
  auto first = make("first");
  ASSERT_TRUE(first);
  auto refused = make("second");
  ASSERT_FALSE(refused) << "a new agent runs: one is running already";
  EXPECT_EQ(refused.error().code, Errc::limit_reached);
  EXPECT_EQ(refused.error().message, "the Small plan allows 1 running agents; stop one first");
  ASSERT_TRUE(move(*first, Lifecycle::stop));
  auto second = make("second");
  ASSERT_TRUE(second);
  auto third = make("third");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().message, "the Small plan allows 2 agents");
  EXPECT_EQ(move(*first, Lifecycle::start).error().code, Errc::limit_reached);
  EXPECT_EQ(move(*first, Lifecycle::restart).error().code, Errc::limit_reached)
      << "restarting a stopped agent starts it";
  EXPECT_TRUE(move(*second, Lifecycle::restart)) << "a running agent's restart adds none";
  EXPECT_TRUE(move(*second, Lifecycle::start)) << "a no-op";
  ASSERT_TRUE(move(*second, Lifecycle::stop));
  EXPECT_TRUE(move(*first, Lifecycle::start));
  EXPECT_TRUE(create_named("acc_b", "elsewhere")) << "each account counts its own";
}

TEST_P(AgentsTest, AReferenceIsAnIdAnOwnNameOrTheOnePublicAgentOfThatName) {
  add_account("acc_c");
  auto publish = [&](const std::string& account, const std::string& name) {
    Draft d;
    d.name = name;
    d.visibility = "public";
    return *t_.write([&](store::Tx& tx) { return create(tx, account, d, 1000); });
  };
  auto find = [&](const std::string& account, const std::string& reference) {
    return t_.read([&](store::Tx& tx) { return find_by_reference(tx, account, reference); });
  };
  const auto mine = *create_named("acc_a", "reviewer");
  const auto theirs = publish("acc_b", "reviewer");
  const auto unique = publish("acc_b", "translator");
  const auto hidden = *create_named("acc_b", "secret");
  EXPECT_EQ(find("acc_a", mine.id)->id, mine.id);
  EXPECT_EQ(find("acc_a", theirs.id)->id, theirs.id) << "a public agent's id";
  EXPECT_EQ(find("acc_a", "reviewer")->id, mine.id) << "the caller's own name first";
  EXPECT_EQ(find("acc_c", "reviewer")->id, theirs.id) << "else the public one";
  EXPECT_EQ(find("acc_a", "translator")->id, unique.id);
  for (const std::string& ref : {hidden.id, std::string("secret"), std::string("nobody")}) {
    auto refused = find("acc_a", ref);
    EXPECT_EQ(refused.error().code, Errc::not_found) << ref;
    EXPECT_EQ(refused.error().field, "agentId");
  }
  publish("acc_c", "translator");
  EXPECT_EQ(find("acc_a", "translator").error().code, Errc::conflict) << "two public ones";
  EXPECT_EQ(find("acc_c", "translator")->account_id, "acc_c") << "its own still wins";
}

TEST_P(AgentsTest, AvailableAgentsAreTheAccountsOwnAndThePublicOnes) {
  Draft published;
  published.name = "public-b";
  published.visibility = "public";
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return create(tx, "acc_b", published, 1000); }));
  ASSERT_TRUE(create_named("acc_a", "own-a"));
  ASSERT_TRUE(create_named("acc_b", "private-b"));
  auto names = [&](const std::string& account, store::AgentFilter filter) {
    auto page = t_.read([&](store::Tx& tx) {
      return list_available(tx, account, std::move(filter), {.limit = 10, .offset = 0});
    });
    std::vector<std::string> out;
    for (const auto& a : page.items) out.push_back(a.name);
    EXPECT_EQ(page.total, static_cast<std::int64_t>(out.size()));
    std::sort(out.begin(), out.end());  // newest first; these were made in one millisecond
    return out;
  };
  EXPECT_EQ(names("acc_a", {}), (std::vector<std::string>{"own-a", "public-b"}));
  EXPECT_EQ(names("acc_b", {}), (std::vector<std::string>{"private-b", "public-b"}));
  EXPECT_EQ(names("acc_a", {.text = "public"}), (std::vector<std::string>{"public-b"}));
  auto owned = t_.read([&](store::Tx& tx) {
    return list_owned(tx, "acc_a", {.or_public = true}, {.limit = 10, .offset = 0});
  });
  EXPECT_EQ(owned.total, 1) << "list_owned lists only the account's own, whatever the filter";
}

TEST_P(AgentsTest, NamesAreUniquePerAccount) {
  ASSERT_TRUE(create_named("acc_a", "bot"));
  auto dup = create_named("acc_a", "bot");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::conflict);
  EXPECT_TRUE(create_named("acc_b", "bot"));
}

TEST_P(AgentsTest, RemoteAgentsNeedAnHttpsEndpoint) {
  Draft d;
  d.name = "remote";
  d.kind = "remote";
  auto missing = t_.write([&](store::Tx& tx) { return create(tx, "acc_a", d, 1); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "endpointUrl");
  d.endpoint_url = "http://example.com/run";
  auto plain = t_.write([&](store::Tx& tx) { return create(tx, "acc_a", d, 1); });
  ASSERT_FALSE(plain);
  d.endpoint_url = "https://example.com/run";
  auto ok = t_.write([&](store::Tx& tx) { return create(tx, "acc_a", d, 1); });
  ASSERT_TRUE(ok);
  EXPECT_FALSE(ok->model.has_value());
}

TEST_P(AgentsTest, CapabilitiesAreNormalizedAndChecked) {
  Draft d;
  d.name = "caps";
  d.capabilities = {"Research", "code-review", "research"};
  auto a = t_.write([&](store::Tx& tx) { return create(tx, "acc_a", d, 1); });
  ASSERT_TRUE(a);
  EXPECT_EQ(a->capabilities, (std::vector<std::string>{"research", "code-review"}));
  d.capabilities = {"ok", "-bad"};
  auto bad = t_.write([&](store::Tx& tx) { return create(tx, "acc_a", d, 1); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "capabilities[1]");
}

TEST_P(AgentsTest, StaleRevisionIsAConflict) {
  auto a = create_named("acc_a", "bot");
  ASSERT_TRUE(a);
  Draft change;
  change.description = "first";
  auto first = t_.write([&](store::Tx& tx) { return update(tx, "acc_a", a->id, change, 1, 2000); });
  ASSERT_TRUE(first);
  EXPECT_EQ(first->revision, 2);
  change.description = "second";
  auto stale = t_.write([&](store::Tx& tx) { return update(tx, "acc_a", a->id, change, 1, 3000); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Errc::conflict);
}

TEST_P(AgentsTest, AnotherAccountsAgentIsNotFound) {
  auto a = create_named("acc_a", "bot");
  ASSERT_TRUE(a);
  Draft change;
  change.description = "hijack";
  auto r = t_.write([&](store::Tx& tx) { return update(tx, "acc_b", a->id, change, {}, 2); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::not_found);
  auto del = t_.write([&](store::Tx& tx) { return remove(tx, "acc_b", a->id, 0); });
  EXPECT_EQ(del.error().code, Errc::not_found);
}

TEST_P(AgentsTest, LifecycleMovesBetweenStoppedAndRunning) {
  auto a = create_named("acc_a", "bot");
  ASSERT_TRUE(a);
  auto stopped =
      t_.write([&](store::Tx& tx) { return transition(tx, "acc_a", a->id, Lifecycle::stop, 5); });
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->status, "stopped");
  EXPECT_EQ(stopped->stopped_at_ms, 5);
  auto again =
      t_.write([&](store::Tx& tx) { return transition(tx, "acc_a", a->id, Lifecycle::stop, 6); });
  EXPECT_EQ(again->stopped_at_ms, 5);  // no-op
  auto started = t_.write(
      [&](store::Tx& tx) { return transition(tx, "acc_a", a->id, Lifecycle::restart, 7); });
  EXPECT_EQ(started->status, "running");
  EXPECT_EQ(started->started_at_ms, 7);
}

TEST(ComposePromptTest, JoinsThePartsThatHaveText) {
  store::AgentRecord a;
  EXPECT_EQ(compose_prompt(a), "");
  a.system_prompt = "You are a research assistant.";
  a.soul_md = "\n# SOUL.md\n\nCurious.\n";
  a.workflow_md = "   ";
  a.rules = {"cite sources", "be brief"};
  EXPECT_EQ(compose_prompt(a),
            "You are a research assistant.\n\n# SOUL.md\n\nCurious.\n\n"
            "Rules:\n- cite sources\n- be brief");
}

TEST(AgentLogTest, ALevelFilterKeepsThatLevelAndAbove) {
  EXPECT_EQ(agent_log::levels_from("warn"), (std::vector<std::string>{"warn", "error"}));
  EXPECT_EQ(agent_log::levels_from("debug").size(), 4U);
  EXPECT_TRUE(agent_log::levels_from("loud").empty());
}

TEST_P(AgentsTest, LifecycleChangesAreLoggedWithTheChange) {
  auto a = create_named("acc_a", "logged");
  ASSERT_TRUE(a);
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return transition(tx, "acc_a", a->id, Lifecycle::stop, 2000); }));
  // A transition that fails writes nothing, its log line included.
  ASSERT_FALSE(t_.write(
      [&](store::Tx& tx) { return transition(tx, "acc_b", a->id, Lifecycle::start, 3000); }));
  std::vector<store::LogRecord> logs;
  t_.db().read_blocking([&](store::Tx& tx) { logs = store::list_logs(tx, a->id, {}, 10); });
  ASSERT_EQ(logs.size(), 2U);
  EXPECT_EQ(logs[0].event, "agent.stopped");
  EXPECT_EQ(logs[0].created_at_ms, 2000);
  EXPECT_EQ(logs[1].event, "agent.created");
}

AGENTRY_ON_BOTH_ENGINES(AgentsTest);

}  // namespace
}  // namespace agentry::agents

namespace agentry::remote_agents {
namespace {

TEST(RemoteAgentsTest, OnlyLoopbackHostsCountAsLoopbackHttpUrls) {
  for (const char* url : {"http://localhost/", "http://localhost:8787/run", "http://127.0.0.1:9/",
                          "http://127.1.2.3/x", "http://[::1]:80/"}) {
    EXPECT_TRUE(is_loopback_http_url(url)) << url;
  }
  for (const char* url : {"https://localhost/", "http://localhost.example.com/",
                          "http://127.0.0.1.example.com/", "http://127.0.0/", "http://10.0.0.1/",
                          "http://[::2]/", "http://localhostx/", "http://user@localhost/"}) {
    EXPECT_FALSE(is_loopback_http_url(url)) << url;
  }
}

}  // namespace
}  // namespace agentry::remote_agents
