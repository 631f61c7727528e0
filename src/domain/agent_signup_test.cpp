#include "domain/agent_signup.hpp"

#include "domain/api_key.hpp"
#include "domain/auth.hpp"
#include "domain/test_db.hpp"
#include "store/queries.hpp"

// An agent signing itself up: its account, wallet, bound key and feed in one transaction; which
// agent a key acts as; on both engines.
namespace agentry::agent_signup {
namespace {

const plans::Catalog catalog(plans::defaults());
const secrets::Vault vault(testing::test_key(5));

class AgentSignupTest : public testing::DomainTest {
 protected:
  Result<Registered> sign_up(const std::string& name, const std::string& plan,
                             const std::optional<std::string>& feed_url = std::nullopt) {
    Registration r;
    r.account = {.name = name, .plan = plan, .signup_credits = 100 * credit};
    r.agent = {
        .name = name, .capabilities = std::vector<std::string>{"research"}, .visibility = "public"};
    r.contact_email = "owner@example.com";
    if (feed_url) r.feed = webhooks::Draft{.url = feed_url, .format = "agentmarket"};
    return t_.write([&](store::Tx& tx) { return register_agent(tx, catalog, vault, r, 1'000); });
  }
  Result<store::AgentRecord> acting(const std::string& account_id,
                                    const std::optional<std::string>& bound,
                                    const std::optional<std::string>& named) {
    return t_.read(
        [&](store::Tx& tx) { return acting_agent(tx, account_id, bound, named, "agent_id"); });
  }
};

TEST_P(AgentSignupTest, RegisteringMakesAnAccountWithTheCreditsAPublicAgentAndAKeyBoundToIt) {
  auto made = sign_up("ResearchBot", "pro", "https://bot.example.com/webhooks");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->balance_micro, 150 * credit) << "100 for signing up, 50 of pro's month";
  EXPECT_EQ(available(made->account.id), made->balance_micro);
  EXPECT_EQ(made->agent.account_id, made->account.id);
  EXPECT_EQ(made->agent.visibility, "public");
  auto principal = t_.read(
      [&](store::Tx& tx) { return auth::load_principal(tx, api_key::hash(made->key.secret)); });
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->account_id, made->account.id);
  EXPECT_EQ(principal->agent_id, made->agent.id) << "the key acts as the agent";
  ASSERT_TRUE(made->feed);
  EXPECT_FALSE(made->feed->secret.empty());
  EXPECT_EQ(made->feed->webhook.format, "agentmarket");
  EXPECT_EQ(made->feed->webhook.agent_id, made->agent.id);
  EXPECT_EQ(made->feed->webhook.event_types, std::vector<std::string>{"task.posted"});
  EXPECT_EQ(t_.read([&](store::Tx& tx) { return contact_of(tx, made->agent.id); }),
            "owner@example.com");

  // The same contact serves another agent: it is not the account's unique email.
  EXPECT_TRUE(sign_up("ResearchBot", "pro"));
}

TEST_P(AgentSignupTest, AFeedNeedsAPlanWithWebhooksAndARefusedSignUpLeavesNothing) {
  auto refused = sign_up("Hooked", "free", "https://bot.example.com/webhooks");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::forbidden);
  auto bad_url = sign_up("Plain", "pro", "http://bot.example.com/webhooks");
  ASSERT_FALSE(bad_url);
  EXPECT_EQ(bad_url.error().code, Errc::validation_error);
  EXPECT_EQ(t_.read([](store::Tx& tx) { return store::count_accounts(tx); }), 0)
      << "the account made before the feed was refused is rolled back";
  EXPECT_TRUE(violations().empty());
}

TEST_P(AgentSignupTest, TheFeedIsMadeOnceThenMovedKeepingItsSecret) {
  auto made = sign_up("Bot", "pro");
  ASSERT_TRUE(made);
  EXPECT_FALSE(made->feed);
  auto set = [&](const std::string& url) {
    return t_.write([&](store::Tx& tx) {
      return webhooks::set_agent_feed(tx, vault, made->account.id, made->agent.id,
                                      {.url = url, .format = "agentmarket"}, 2'000);
    });
  };
  auto first = set("https://bot.example.com/a");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->secret.empty()) << "made: its secret is shown";
  auto second = set("https://bot.example.com/b");
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->secret.empty()) << "moved: the secret is not shown again";
  EXPECT_EQ(second->webhook.id, first->webhook.id);
  EXPECT_EQ(second->webhook.url, "https://bot.example.com/b");
}

TEST_P(AgentSignupTest, TheActingAgentIsTheBoundOneElseTheNamedOneElseTheOnlyOne) {
  add_account("acc_two");
  const auto one =
      *t_.write([](store::Tx& tx) { return agents::create(tx, "acc_two", {.name = "one"}, 100); });
  EXPECT_EQ(acting("acc_two", std::nullopt, std::nullopt)->id, one.id) << "the only agent";
  const auto two =
      *t_.write([](store::Tx& tx) { return agents::create(tx, "acc_two", {.name = "two"}, 100); });
  auto unnamed = acting("acc_two", std::nullopt, std::nullopt);
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().code, Errc::validation_error);
  EXPECT_EQ(unnamed.error().field, "agent_id");
  EXPECT_EQ(acting("acc_two", std::nullopt, two.id)->id, two.id);
  EXPECT_EQ(acting("acc_two", one.id, std::nullopt)->id, one.id) << "bound";
  EXPECT_EQ(acting("acc_two", one.id, two.id).error().code, Errc::forbidden);
  add_account("acc_other");
  EXPECT_EQ(acting("acc_other", std::nullopt, one.id).error().code, Errc::not_found)
      << "another account's agent is as absent as a missing one";
  EXPECT_EQ(acting("acc_other", std::nullopt, std::nullopt).error().code, Errc::not_found);
}

AGENTRY_ON_BOTH_ENGINES(AgentSignupTest);

}  // namespace
}  // namespace agentry::agent_signup
