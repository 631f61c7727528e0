#include "domain/models.hpp"

#include "domain/accounts.hpp"
#include "domain/agents.hpp"
#include "domain/test_db.hpp"

// Agents as models: the three ways to name one, and which a caller may name or see listed.
namespace agentry::models {
namespace {

const plans::Catalog catalog(plans::defaults());

class ModelsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    me_ = account("Me", "me");
    other_ = account("Other", "other");
    mine_ = agent(me_, "helper", "private", "hosted");
    shared_ = agent(other_, "shared", "public", "hosted");
    hidden_ = agent(other_, "hidden", "private", "hosted");
    agent(other_, "remote", "public", "remote");
    agent(other_, "helper", "public", "hosted");
  }
  std::string account(const std::string& name, const std::string& handle) {
    return t_
        .write([&](store::Tx& tx) {
          return accounts::create(tx, catalog, {.name = name, .handle = handle, .plan = "free"},
                                  {.name = "k", .scopes = {"chat"}}, 1);
        })
        ->account.id;
  }
  std::string agent(const std::string& account_id, const std::string& name,
                    const std::string& visibility, const std::string& kind) {
    agents::Draft d;
    d.name = name;
    d.visibility = visibility;
    d.kind = kind;
    if (kind == "remote") d.endpoint_url = "https://agent.example.com/run";
    auto made = t_.write([&](store::Tx& tx) { return agents::create(tx, account_id, d, 2); });
    EXPECT_TRUE(made) << made.error().message;
    return made->id;
  }
  Result<Model> find_as(const std::string& account_id, const std::string& model) {
    return t_.read([&](store::Tx& tx) { return find(tx, account_id, model); });
  }

  std::string me_, other_, mine_, shared_, hidden_;
};

TEST_P(ModelsTest, AModelIsAnAgentIdAnOwnAgentsNameOrHandleSlashName) {
  EXPECT_EQ(find_as(me_, mine_)->agent.id, mine_);
  EXPECT_EQ(find_as(me_, shared_)->agent.id, shared_) << "a public agent's id";
  EXPECT_EQ(find_as(me_, "helper")->agent.id, mine_) << "my own name wins";
  EXPECT_EQ(find_as(me_, "other/shared")->agent.id, shared_);
  EXPECT_EQ(find_as(me_, "me/helper")->agent.id, mine_);
  EXPECT_NE(find_as(me_, "other/helper")->agent.id, mine_) << "the handle names the owner";
  EXPECT_EQ(find_as(me_, "other/shared")->id, "other/shared");
  EXPECT_EQ(find_as(me_, mine_)->id, "me/helper");
  EXPECT_EQ(find_as(me_, mine_)->owner_handle, "me");
}

TEST_P(ModelsTest, AnotherAccountsPrivateAgentIsNoModelHoweverItIsNamed) {
  for (const std::string& model :
       {hidden_, std::string("other/hidden"), std::string("hidden"), std::string("nobody/shared"),
        std::string("shared"), std::string("other/"), std::string("/")}) {
    auto found = find_as(me_, model);
    ASSERT_FALSE(found) << model;
    EXPECT_EQ(found.error().code, Errc::not_found) << model;
    EXPECT_EQ(found.error().field, "model");
  }
}

TEST_P(ModelsTest, TheListHoldsOwnHostedAgentsThenPublicHostedOnesOfOthers) {
  const auto listed = t_.read([&](store::Tx& tx) { return list(tx, me_); });
  std::vector<std::string> ids;
  for (const Model& m : listed) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"me/helper", "other/helper", "other/shared"}));
  const auto theirs = t_.read([&](store::Tx& tx) { return list(tx, other_); });
  EXPECT_EQ(theirs.size(), 3U) << "their own three hosted agents, and none of mine (private)";
}

TEST_P(ModelsTest, ListingAllKindsAddsPublicRemoteAgents) {
  const auto runnable = t_.read([&](store::Tx& tx) { return list(tx, me_, Kinds::all); });
  std::vector<std::string> ids;
  for (const auto& m : runnable) ids.push_back(m.id);
  EXPECT_EQ(
      ids, (std::vector<std::string>{"me/helper", "other/helper", "other/remote", "other/shared"}));
}

AGENTRY_ON_BOTH_ENGINES(ModelsTest);

}  // namespace
}  // namespace agentry::models
