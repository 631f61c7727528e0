#include "domain/accounts.hpp"

#include "domain/agents.hpp"
#include "domain/api_key.hpp"
#include "domain/test_db.hpp"

// Accounts and their keys: creation with its credits, the rules on what a key may grant and
// revoke, the plan's key limit, and the reads that keep tenants apart; on both engines.
namespace agentry::accounts {
namespace {

const plans::Catalog catalog(plans::defaults());
const std::vector<std::string> all_scopes = {"agents:read", "agents:write", "tasks:read",
                                             "tasks:write"};

class AccountsTest : public testing::DomainTest {
 protected:
  Result<CreatedAccount> make(const std::string& name, const std::string& plan,
                              std::optional<std::string> email = std::nullopt,
                              std::int64_t signup_micro = 0, bool admin = false) {
    return t_.write([&](store::Tx& tx) {
      return create(tx, catalog,
                    {.name = name,
                     .email = email,
                     .plan = plan,
                     .is_admin = admin,
                     .signup_credits = signup_micro},
                    {.name = "first", .scopes = all_scopes}, 1'000);
    });
  }
  Result<CreatedKey> key_for(const std::string& account_id,
                             const std::vector<std::string>& caller_scopes,
                             std::vector<std::string> scopes,
                             std::optional<std::int64_t> expires_at_ms = std::nullopt) {
    return t_.write([&](store::Tx& tx) {
      return create_key(tx, catalog, account_id, caller_scopes,
                        {.name = "k", .scopes = std::move(scopes), .expires_at_ms = expires_at_ms},
                        2'000);
    });
  }
};

TEST_P(AccountsTest, ANewAccountHasAWalletWithItsSignupAndPlanCreditsAndAKeyShownOnce) {
  auto made = make("acme", "pro", "ops@acme.test", 5 * credit);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(available(made->account.id), 55 * credit) << "5 for signing up, 50 of pro's month";
  EXPECT_TRUE(api_key::is_well_formed(made->key.secret));
  EXPECT_EQ(made->key.record.key_hash, api_key::hash(made->key.secret));
  EXPECT_NE(made->key.record.key_hash, made->key.secret) << "only the hash is stored";
  auto found = t_.read([&](store::Tx& tx) { return find(tx, made->account.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->email, "ops@acme.test");
  EXPECT_EQ(violations(), std::vector<std::string>{});
}

TEST_P(AccountsTest, ATakenEmailOrAnUnknownOrAdminPlanIsRefusedAndNothingIsWritten) {
  ASSERT_TRUE(make("first", "free", "same@acme.test"));
  auto twice = make("second", "free", "same@acme.test");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::conflict);
  auto unknown = make("third", "platinum");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::validation_error);
  auto admin_plan = make("fourth", std::string(plans::admin_id));
  ASSERT_FALSE(admin_plan);
  EXPECT_EQ(admin_plan.error().code, Errc::validation_error) << "only the admin account has it";
  const auto listed = t_.read([](store::Tx& tx) { return list(tx, {.limit = 10, .offset = 0}); });
  EXPECT_EQ(listed.total, 1);
}

TEST_P(AccountsTest, AKeyGrantsOnlyTheCallersScopesAndAdminOnlyOnTheAdminAccount) {
  auto acme = make("acme", "pro");
  ASSERT_TRUE(acme);
  const std::string id = acme->account.id;
  auto wider = key_for(id, {"agents:read"}, {"agents:read", "agents:write"});
  ASSERT_FALSE(wider);
  EXPECT_EQ(wider.error().code, Errc::insufficient_scope);
  auto admin = key_for(id, {"admin"}, {"admin"});
  ASSERT_FALSE(admin);
  EXPECT_EQ(admin.error().code, Errc::insufficient_scope) << "acme is not the admin account";
  auto past = key_for(id, all_scopes, {"agents:read"}, 1'999);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, Errc::validation_error);
  auto narrow = key_for(id, all_scopes, {"agents:read"}, 3'000);
  ASSERT_TRUE(narrow) << narrow.error().message;
  EXPECT_EQ(narrow->record.scopes, std::vector<std::string>{"agents:read"});
  auto operator_account = make("operator", std::string(plans::admin_id), std::nullopt, 0, true);
  ASSERT_TRUE(operator_account) << operator_account.error().message;
  EXPECT_TRUE(key_for(operator_account->account.id, {"admin"}, {"admin"}));
}

TEST_P(AccountsTest, ThePlansKeyLimitCountsOnlyLiveKeys) {
  auto free = make("solo", "free");  // one key, and the first is it
  ASSERT_TRUE(free);
  const std::string id = free->account.id;
  auto second = key_for(id, all_scopes, {"agents:read"});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Errc::limit_reached);
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return revoke_key(tx, id, all_scopes, free->key.record.id, 2'500); }));
  EXPECT_TRUE(key_for(id, all_scopes, {"agents:read"})) << "a revoked key frees its place";
}

TEST_P(AccountsTest, RevokingNeedsTheKeysScopesAndHappensOnceAndOnlyInTheOwnAccount) {
  auto acme = make("acme", "pro");
  auto other = make("other", "pro");
  ASSERT_TRUE(acme && other);
  const std::string key_id = acme->key.record.id;
  auto revoke_as = [&](const std::string& account, const std::vector<std::string>& scopes) {
    return t_.write([&](store::Tx& tx) { return revoke_key(tx, account, scopes, key_id, 3'000); });
  };
  auto foreign = revoke_as(other->account.id, all_scopes);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, Errc::not_found);
  auto narrow = revoke_as(acme->account.id, {"agents:read"});
  ASSERT_FALSE(narrow);
  EXPECT_EQ(narrow.error().code, Errc::insufficient_scope);
  auto revoked = revoke_as(acme->account.id, all_scopes);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->revoked_at_ms, 3'000);
  auto again = revoke_as(acme->account.id, all_scopes);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::not_found);
}

TEST_P(AccountsTest, ReadsAnswerOnlyTheCallersOwnKeysAndCountWhatItHolds) {
  auto acme = make("acme", "pro");
  auto other = make("other", "pro");
  ASSERT_TRUE(acme && other);
  const std::string id = acme->account.id;
  ASSERT_TRUE(key_for(id, all_scopes, {"agents:read"}, 2'500));  // expires before the overview
  agents::Draft d;
  d.name = "bot";
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return agents::create(tx, id, d, 2'000); }));
  auto overview_at = [&](std::int64_t now) {
    return t_.read([&](store::Tx& tx) { return overview(tx, id, now); });
  };
  auto seen = overview_at(3'000);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->usage.agents, 1);
  EXPECT_EQ(seen->usage.api_keys, 1) << "the expired key is not live";
  const auto keys = t_.read([&](store::Tx& tx) { return list_keys(tx, id, {10, 0}); });
  EXPECT_EQ(keys.total, 2);
  auto foreign =
      t_.read([&](store::Tx& tx) { return find_key(tx, other->account.id, acme->key.record.id); });
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, Errc::not_found);
  auto missing = t_.read([](store::Tx& tx) { return find(tx, "acc_missing"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_P(AccountsTest, APlanChangeNeedsAKnownPlanAndNeverTouchesTheAdminAccount) {
  auto acme = make("acme", "free");
  auto operator_account = make("operator", std::string(plans::admin_id), std::nullopt, 0, true);
  ASSERT_TRUE(acme && operator_account);
  auto change_to = [&](const std::string& id, const std::string& plan) {
    return t_.write([&](store::Tx& tx) { return change(tx, catalog, id, {.plan = plan}, 4'000); });
  };
  auto moved = change_to(acme->account.id, "starter");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->plan, "starter");
  EXPECT_EQ(change_to(acme->account.id, "platinum").error().code, Errc::validation_error);
  EXPECT_EQ(change_to(operator_account->account.id, "pro").error().code, Errc::validation_error);
  EXPECT_EQ(change_to("acc_missing", "pro").error().code, Errc::not_found);
}

TEST_P(AccountsTest, EachAccountHasAUniqueHandleItCanChange) {
  auto first = make("Acme Labs", "free");
  auto second = make("Acme Labs", "free");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->account.handle, "acme-labs") << "made from the name";
  EXPECT_NE(second->account.handle, first->account.handle) << "a taken one gets a suffix";
  EXPECT_EQ(second->account.handle.rfind("acme-labs-", 0), 0U) << second->account.handle;
  auto change_handle = [&](const std::string& id, const std::string& handle) {
    return t_.write([&](store::Tx& tx) { return change_own(tx, id, {.handle = handle}, 3'000); });
  };
  auto taken = change_handle(second->account.id, "acme-labs");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().field, "handle");
  EXPECT_EQ(change_handle(second->account.id, "Bad_Handle").error().code, Errc::validation_error);
  ASSERT_TRUE(change_handle(first->account.id, "acme"));
  ASSERT_TRUE(change_handle(first->account.id, "acme")) << "keeping one's own handle is no clash";
  ASSERT_TRUE(change_handle(second->account.id, "acme-labs")) << "the old handle is free at once";
  auto read = t_.read([&](store::Tx& tx) { return find(tx, second->account.id); });
  EXPECT_EQ(read->handle, "acme-labs");
  auto chosen = t_.write([&](store::Tx& tx) {
    return create(tx, catalog, {.name = "Other", .handle = "acme", .plan = "free"},
                  {.name = "first", .scopes = all_scopes}, 4'000);
  });
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().code, Errc::conflict);
}

AGENTRY_ON_BOTH_ENGINES(AccountsTest);

}  // namespace
}  // namespace agentry::accounts
