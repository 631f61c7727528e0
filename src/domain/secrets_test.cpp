#include "domain/secrets.hpp"

#include "domain/test_db.hpp"
#include "store/queries.hpp"
#include "store/secret_queries.hpp"

namespace agentry::secrets {
namespace {

class SecretsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a");
    add_account("acc_b");
  }
  std::optional<std::string> reveal_as(const Vault& vault, const std::string& account,
                                       const std::string& name) {
    std::optional<std::string> out;
    t_.db().read_blocking([&](store::Tx& tx) { out = reveal(tx, vault, account, name); });
    return out;
  }
  Vault vault_{testing::test_key(1)};
};

TEST_P(SecretsTest, AreStoredSealedAndOpenOnlyForTheirRowAndKey) {
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return put(tx, vault_, "acc_a", "anthropicApiKey", "sk-ant-api03-secret", 5);
  }));
  std::optional<store::SecretRecord> stored;
  t_.db().read_blocking(
      [&](store::Tx& tx) { stored = store::find_secret(tx, "acc_a", "anthropicApiKey"); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->sealed.find("sk-ant"), std::string::npos);
  EXPECT_EQ(stored->sealed.find(crypto::to_hex("sk-ant")), std::string::npos);
  EXPECT_EQ(reveal_as(vault_, "acc_a", "anthropicApiKey"), "sk-ant-api03-secret");
  EXPECT_EQ(reveal_as(Vault(testing::test_key(2)), "acc_a", "anthropicApiKey"), std::nullopt);
  EXPECT_EQ(reveal_as(vault_, "acc_b", "anthropicApiKey"), std::nullopt);

  // Copied into another account's row, the sealed value does not open there.
  t_.db().write_blocking([&](store::Tx& tx) {
    store::upsert_secret(tx, "acc_b", "anthropicApiKey", stored->sealed, 6);
  });
  EXPECT_EQ(reveal_as(vault_, "acc_b", "anthropicApiKey"), std::nullopt);
}

TEST_P(SecretsTest, ReplacingKeepsTheCreationTimeAndNamesAreChecked) {
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return put(tx, vault_, "acc_a", "k", "one", 5); }));
  auto again = t_.write([&](store::Tx& tx) { return put(tx, vault_, "acc_a", "k", "two", 9); });
  ASSERT_TRUE(again);
  EXPECT_EQ(again->created_at_ms, 5);
  EXPECT_EQ(again->updated_at_ms, 9);
  EXPECT_EQ(reveal_as(vault_, "acc_a", "k"), "two");
  for (const char* bad : {"", "1abc", "a b", "a/b", "x\n"}) {
    auto r = t_.write([&](store::Tx& tx) { return put(tx, vault_, "acc_a", bad, "v", 5); });
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::validation_error);
  }
  EXPECT_TRUE(valid_name("OPENAI_API_KEY"));
  EXPECT_FALSE(valid_name(std::string(65, 'a')));
}

TEST_P(SecretsTest, AnAccountKeepsAtMostItsLimit) {
  for (std::int64_t i = 0; i < max_per_account; ++i) {
    ASSERT_TRUE(t_.write(
        [&](store::Tx& tx) { return put(tx, vault_, "acc_a", "s" + std::to_string(i), "v", 5); }));
  }
  auto over = t_.write([&](store::Tx& tx) { return put(tx, vault_, "acc_a", "extra", "v", 5); });
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, Errc::limit_reached);
  EXPECT_TRUE(t_.write([&](store::Tx& tx) { return put(tx, vault_, "acc_a", "s0", "w", 6); }))
      << "replacing one at the limit is fine";
}

TEST_P(SecretsTest, TheFirstKeyIsRecordedAndOnlyThatKeyFitsAfterwards) {
  const Vault first(testing::test_key(1));
  const Vault other(testing::test_key(2));
  auto fit = [&](const Vault& v) {
    KeyFit out{};
    t_.db().write_blocking([&](store::Tx& tx) { out = fit_master_key(tx, v, 5); });
    return out;
  };
  bool needed = true;
  t_.db().read_blocking([&](store::Tx& tx) { needed = needs_existing_key(tx); });
  EXPECT_FALSE(needed) << "an empty database may get a new key";
  EXPECT_EQ(fit(first), KeyFit::adopted);
  EXPECT_EQ(fit(first), KeyFit::matches);
  EXPECT_EQ(fit(other), KeyFit::differs);
  t_.db().read_blocking([&](store::Tx& tx) { needed = needs_existing_key(tx); });
  EXPECT_TRUE(needed);
  EXPECT_NE(first.check_value(), other.check_value());
  EXPECT_EQ(first.check_value(), Vault(testing::test_key(1)).check_value());
}

TEST_P(SecretsTest, ADatabaseFromBeforeTheCheckIsJudgedByWhetherItsSecretsOpen) {
  const Vault sealer(testing::test_key(7));
  EXPECT_TRUE(t_.write([&](store::Tx& tx) { return put(tx, sealer, "acc_a", "k", "v", 1); }));
  KeyFit wrong{};
  t_.db().write_blocking(
      [&](store::Tx& tx) { wrong = fit_master_key(tx, Vault(testing::test_key(8)), 2); });
  EXPECT_EQ(wrong, KeyFit::differs);
  SecretsAudit audited;
  t_.db().read_blocking([&](store::Tx& tx) { audited = audit(tx, Vault(testing::test_key(8))); });
  EXPECT_EQ(audited.total, 1);
  EXPECT_EQ(audited.unreadable, 1);
  KeyFit right{};
  t_.db().write_blocking([&](store::Tx& tx) { right = fit_master_key(tx, sealer, 3); });
  EXPECT_EQ(right, KeyFit::adopted) << "the wrong key was not recorded";
}

AGENTRY_ON_BOTH_ENGINES(SecretsTest);

}  // namespace
}  // namespace agentry::secrets
