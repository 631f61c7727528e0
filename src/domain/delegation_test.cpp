#include "domain/delegation.hpp"

#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/swarms.hpp"
#include "domain/test_db.hpp"
#include "store/queries.hpp"
#include "store/run_queries.hpp"

// Delegation: a child run on another member of the swarm, within the parent's budget, without
// cycles, at most max_depth deep; on both engines.
namespace agentry::delegation {
namespace {

const pricing::PriceTable prices(pricing::default_prices());
const runs::Terms terms{.prices = &prices, .max_output_tokens = 1000};

class DelegationTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    t_.db().write_blocking([](store::Tx& tx) {
      for (const char* id : {"acc_a", "acc_b"}) {
        store::insert_account(tx, {id, id, std::nullopt, "pro", false, 1, 1});
        ledger::open_wallet(tx, id, 1);
        EXPECT_TRUE(ledger::grant(tx, id, 100 * ledger::micro_per_credit, "grant", {}, 1));
      }
    });
    for (const char* name : {"lead", "helper", "third"}) {
      members_.push_back(t_.write([&](store::Tx& tx) {
                             return agents::create(
                                 tx, "acc_a",
                                 {.name = name, .model = "gpt-4o-mini", .visibility = "public"}, 2);
                           })->id);
    }
    ASSERT_TRUE(t_.write([&](store::Tx& tx) {
      return swarms::create(tx, "acc_a", {.name = "crew", .members = members_}, 3);
    }));
  }

  store::RunRecord run_of(const std::string& account, const std::string& agent,
                          std::optional<std::int64_t> max_credits = std::nullopt) {
    auto run = t_.write([&](store::Tx& tx) {
      return runs::create(
          tx, account,
          {.agent_id = agent, .input = "{}", .max_credits = max_credits, .timeout_ms = 60'000},
          terms, 10);
    });
    EXPECT_TRUE(run) << run.error().message;
    return *run;
  }
  Result<store::RunRecord> ask(const store::RunRecord& parent, const std::string& member,
                               std::int64_t spent_micro = 0) {
    return t_.write([&](store::Tx& tx) {
      return delegate(tx, parent, member, "please help", terms, spent_micro, 30'000, 20);
    });
  }
  store::RunRecord reread(const std::string& id) {
    return *t_.read([&](store::Tx& tx) { return store::find_run(tx, id); });
  }

  std::vector<std::string> members_;
};

TEST_P(DelegationTest, AChildHoldsAtMostHalfOfWhatItsParentHasLeft) {
  const auto parent = run_of("acc_a", members_[0], ledger::micro_per_credit);
  const std::int64_t spent = parent.max_cost_micro / 5;
  auto child = ask(parent, "helper", spent);
  ASSERT_TRUE(child) << child.error().message;
  EXPECT_GT(child->max_cost_micro, 0);
  EXPECT_EQ(child->agent_id, members_[1]);
  EXPECT_EQ(child->parent_run_id, parent.id);
  EXPECT_EQ(child->depth, 1);
  EXPECT_EQ(child->input, R"({"message":"please help"})");
  EXPECT_EQ(child->timeout_ms, 30'000);
  EXPECT_LE(child->max_cost_micro, (parent.max_cost_micro - spent) / 2);
  // The parent's own calls may no longer spend what the child holds.
  const auto after = reread(parent.id);
  EXPECT_EQ(after.delegated_micro, child->max_cost_micro);
  EXPECT_LT(runs::next_call_output(after, prices, 0, 0, 0),
            runs::next_call_output(parent, prices, 0, 0, 0));
  // A second child gets half of what is left after the first.
  auto second = ask(after, "third", spent);
  ASSERT_TRUE(second);
  EXPECT_LE(second->max_cost_micro, (parent.max_cost_micro - spent - child->max_cost_micro) / 2);
  EXPECT_LE(reread(parent.id).delegated_micro + spent, parent.max_cost_micro);
  // Nothing left: refused.
  EXPECT_EQ(ask(reread(parent.id), "helper", parent.max_cost_micro).error().code,
            Errc::insufficient_credits);
}

TEST_P(DelegationTest, NoCyclesNoStrangersAndAtMostThreeLevels) {
  const auto lead = run_of("acc_a", members_[0]);
  auto unknown = ask(lead, "nobody");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
  for (const char* name : {"helper", "third"}) {
    EXPECT_NE(unknown.error().message.find(name), std::string::npos) << unknown.error().message;
  }
  EXPECT_EQ(ask(lead, "lead").error().code, Errc::not_found) << "not itself";
  auto helper = ask(lead, members_[1]);  // by id
  ASSERT_TRUE(helper);
  auto cycle = ask(*helper, "lead");
  ASSERT_FALSE(cycle);
  EXPECT_EQ(cycle.error().code, Errc::conflict);
  auto third = ask(*helper, "third");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->depth, 2);
  EXPECT_EQ(ask(*third, "helper").error().code, Errc::conflict) << "helper is up the chain";
  store::RunRecord deep = *third;
  deep.depth = max_depth;
  EXPECT_FALSE(may_delegate(
      deep, *t_.read([&](store::Tx& tx) { return store::find_agent_by_id(tx, members_[2]); })));
  EXPECT_EQ(ask(deep, "lead").error().code, Errc::conflict);
}

TEST_P(DelegationTest, OnlyAnOwnersRunOfASwarmMemberMayDelegate) {
  const auto hired = run_of("acc_b", members_[0]);
  const auto agent =
      *t_.read([&](store::Tx& tx) { return store::find_agent_by_id(tx, members_[0]); });
  EXPECT_FALSE(may_delegate(hired, agent));
  EXPECT_EQ(ask(hired, "helper").error().code, Errc::conflict);
  EXPECT_TRUE(may_delegate(run_of("acc_a", members_[0]), agent));
  auto loner = agent;
  loner.swarm_id.reset();
  EXPECT_FALSE(may_delegate(run_of("acc_a", members_[0]), loner));
}

AGENTRY_ON_BOTH_ENGINES(DelegationTest);

}  // namespace
}  // namespace agentry::delegation
