#include "domain/swarms.hpp"

#include "domain/agents.hpp"
#include "domain/knowledge.hpp"
#include "domain/test_db.hpp"

// Swarms: membership rules, the coordinator, and what deleting one takes with it; on both
// engines.
namespace agentry::swarms {
namespace {

class SwarmsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a");
    add_account("acc_b");
    for (const char* name : {"one", "two", "three"}) agents_.push_back(agent("acc_a", name));
  }

  std::string agent(const std::string& account, const std::string& name) {
    return t_
        .write([&](store::Tx& tx) {
          return agents::create(tx, account, {.name = name, .model = "echo"}, 2);
        })
        ->id;
  }
  Result<store::SwarmRecord> make(const Draft& d) {
    return t_.write([&](store::Tx& tx) { return create(tx, "acc_a", d, 10); });
  }
  std::optional<std::string> swarm_of(const std::string& agent_id) {
    return t_.read([&](store::Tx& tx) { return agents::load(tx, agent_id); })->swarm_id;
  }

  std::vector<std::string> agents_;
};

TEST_P(SwarmsTest, AnAgentBelongsToOneSwarmAtMost) {
  auto s = make({.name = "s1",
                 .members = std::vector<std::string>{agents_[0], agents_[1]},
                 .coordinator_id = agents_[0]});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->members.size(), 2U);
  EXPECT_EQ(swarm_of(agents_[0]), s->id);
  auto other = make({.name = "s2", .members = std::vector<std::string>{agents_[1]}});
  EXPECT_EQ(other.error().code, Errc::conflict);
  auto theirs = make({.name = "s3", .members = std::vector<std::string>{agent("acc_b", "x")}});
  EXPECT_EQ(theirs.error().field, "members");
  auto coordinator = make({.name = "s4", .coordinator_id = agents_[2]});
  EXPECT_EQ(coordinator.error().field, "coordinatorId");
  auto added =
      t_.write([&](store::Tx& tx) { return add_member(tx, "acc_a", s->id, agents_[2], 11); });
  ASSERT_TRUE(added);
  EXPECT_EQ(added->members.size(), 3U);
  auto left =
      t_.write([&](store::Tx& tx) { return remove_member(tx, "acc_a", s->id, agents_[0], 12); });
  ASSERT_TRUE(left);
  EXPECT_FALSE(left->coordinator_id) << "the coordinator left";
  EXPECT_FALSE(swarm_of(agents_[0]));
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return update(tx, "acc_a", s->id, {.coordinator_id = agents_[1]}, 13);
  }));
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return agents::remove(tx, "acc_a", agents_[1], 14); }));
  auto after = t_.read([&](store::Tx& tx) { return get(tx, "acc_a", s->id); });
  EXPECT_EQ(after->members, std::vector<std::string>{agents_[2]}) << "a deleted agent is gone";
  EXPECT_FALSE(after->coordinator_id) << "and coordinates nothing";
  auto foreign = t_.read([&](store::Tx& tx) { return get(tx, "acc_b", s->id); });
  EXPECT_EQ(foreign.error().code, Errc::not_found);
}

TEST_P(SwarmsTest, DeletingASwarmFreesItsMembersAndDeletesItsKnowledgeAndSecrets) {
  auto s = make({.name = "s1", .members = std::vector<std::string>{agents_[0]}});
  ASSERT_TRUE(s);
  const secrets::Vault vault(testing::test_key(7));
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return put_secret(tx, vault, "acc_a", s->id, "OPENAI_API_KEY", "sk-swarm", 11);
  }));
  EXPECT_EQ(
      t_.read([&](store::Tx& tx) { return secrets::reveal(tx, vault, s->id, "OPENAI_API_KEY"); }),
      "sk-swarm");
  const knowledge::Base base{.kind = knowledge::Base::Kind::swarm, .id = s->id};
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return knowledge::ingest(tx, "acc_a", base, {{.content = "shared words"}}, false, nullptr, 11);
  }));
  auto found = t_.read([&](store::Tx& tx) {
    return knowledge::search(tx, "acc_a", {.id = agents_[0]}, {.text = "shared"});
  });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->hits.size(), 1U) << "a member searches its swarm's knowledge";
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return remove(tx, "acc_a", s->id, 12); }));
  EXPECT_FALSE(swarm_of(agents_[0]));
  EXPECT_FALSE(
      t_.read([&](store::Tx& tx) { return secrets::reveal(tx, vault, s->id, "OPENAI_API_KEY"); }));
  EXPECT_EQ(t_.read([&](store::Tx& tx) {
                return knowledge::search(tx, "acc_a", {.id = agents_[0]}, {.text = "shared"});
              })->hits.size(),
            0U);
}

TEST_P(SwarmsTest, ASwarmRunGoesToTheNamedMemberTheCoordinatorOrTheBestCapabilities) {
  auto set_capabilities = [&](const std::string& id, std::vector<std::string> c) {
    ASSERT_TRUE(t_.write([&](store::Tx& tx) {
      return agents::update(tx, "acc_a", id, {.capabilities = std::move(c)}, std::nullopt, 3);
    }));
  };
  set_capabilities(agents_[0], {"billing", "refunds"});
  set_capabilities(agents_[1], {"translation", "german", "french"});
  auto s = make({.name = "desk", .members = std::vector<std::string>{agents_[0], agents_[1]}});
  ASSERT_TRUE(s);
  auto pick = [&](std::string_view text, std::optional<std::string> named = std::nullopt,
                  const std::string& account = "acc_a") {
    return t_.read([&](store::Tx& tx) { return pick_member(tx, account, s->id, text, named); });
  };
  // Capabilities: "translate" and "french" are stemmed to the second member's terms.
  auto translated = pick("Please translate this letter into French");
  ASSERT_TRUE(translated);
  EXPECT_EQ(translated->agent_id, agents_[1]);
  EXPECT_EQ(translated->reason, "capabilities");
  // Nothing shared: the oldest member (the first by id: both were made in the same millisecond).
  EXPECT_EQ(pick("hello there")->agent_id, s->members.front());
  // A stopped member is passed over.
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return agents::transition(tx, "acc_a", agents_[1], agents::Lifecycle::stop, 4);
  }));
  EXPECT_EQ(pick("translate to French")->agent_id, agents_[0]);
  // Named, even when stopped (running it is then refused by runs::create).
  auto named = pick("anything", agents_[1]);
  ASSERT_TRUE(named);
  EXPECT_EQ(named->reason, "named");
  EXPECT_EQ(pick("anything", agents_[2]).error().code, Errc::validation_error);
  // The coordinator takes every run that names no member.
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return update(tx, "acc_a", s->id, {.coordinator_id = agents_[1]}, 5);
  }));
  EXPECT_EQ(pick("refunds please")->reason, "coordinator");
  EXPECT_EQ(pick("refunds please")->agent_id, agents_[1]);
  // Another account's swarm is not found; an empty swarm has no one to run.
  EXPECT_EQ(pick("x", std::nullopt, "acc_b").error().code, Errc::not_found);
  auto empty = make({.name = "empty"});
  ASSERT_TRUE(empty);
  EXPECT_EQ(
      t_.read([&](store::Tx& tx) { return pick_member(tx, "acc_a", empty->id, "x", std::nullopt); })
          .error()
          .code,
      Errc::conflict);
}

AGENTRY_ON_BOTH_ENGINES(SwarmsTest);

}  // namespace
}  // namespace agentry::swarms
