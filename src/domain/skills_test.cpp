#include "domain/skills.hpp"

#include "domain/agents.hpp"
#include "domain/test_db.hpp"

// The skill catalog: uploads and versions, who sees what, the marketplace, installations; on
// both engines.
namespace agentry::skills {
namespace {

std::string skill_md(const std::string& name, const std::string& description,
                     const std::string& tags = "[]", const std::string& body = "Do it.\n") {
  return "---\nname: " + name + "\ndescription: " + description + "\ntags: " + tags + "\n---\n" +
         body;
}

class SkillsTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a");
    add_account("acc_b");
    agent_ = t_.write([&](store::Tx& tx) {
                 return agents::create(tx, "acc_a", {.name = "helper", .model = "echo"}, 2);
               })->id;
  }

  Result<store::SkillRecord> upload(const std::string& account, Upload u, std::int64_t at = 10) {
    return t_.write([&](store::Tx& tx) { return create(tx, account, u, at); });
  }
  Result<store::SkillRecord> seen_by(const std::string& viewer, const std::string& id) {
    return t_.read([&](store::Tx& tx) { return get(tx, viewer, id); });
  }

  std::string agent_;
};

TEST_P(SkillsTest, AnUploadIsVersionOneAndPrivateUntilPublished) {
  auto s = upload("acc_a", {.content = skill_md("pdf-tools", "Read PDFs.", "[pdf, Docs]")});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->name, "pdf-tools");
  EXPECT_EQ(s->description, "Read PDFs.");
  EXPECT_EQ(s->version, 1);
  EXPECT_EQ(s->visibility, "private");
  EXPECT_EQ(s->tags, (std::vector<std::string>{"pdf", "docs"}));
  ASSERT_TRUE(seen_by("acc_a", s->id));
  EXPECT_EQ(seen_by("acc_a", s->id)->content, skill_md("pdf-tools", "Read PDFs.", "[pdf, Docs]"));
  EXPECT_EQ(seen_by("acc_b", s->id).error().code, Errc::not_found) << "private";
  EXPECT_EQ(t_.read([&](store::Tx& tx) { return list(tx, "acc_a", {}); }).total, 1);
  EXPECT_EQ(t_.read([&](store::Tx& tx) { return list(tx, "acc_b", {}); }).total, 0);

  auto again = upload("acc_a", {.content = skill_md("pdf-tools", "Other.")});
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_TRUE(upload("acc_b", {.content = skill_md("pdf-tools", "Theirs.")}))
      << "names are per account";
  auto unlike = upload("acc_a", {.content = skill_md("x", "y"), .name = "z"});
  EXPECT_EQ(unlike.error().field, "name");
  auto bad = upload("acc_a", {.content = skill_md("x", "y"), .visibility = "secret"});
  EXPECT_EQ(bad.error().field, "visibility");
  EXPECT_EQ(upload("acc_a", {.content = "no front matter"}).error().field, "content");
}

TEST_P(SkillsTest, AnUpdateIsTheNextVersionAndTheNameIsFixed) {
  auto s = upload("acc_a", {.content = skill_md("notes", "First.")});
  ASSERT_TRUE(s);
  auto v2 = t_.write([&](store::Tx& tx) {
    return update(tx, "acc_a", s->id,
                  {.content = skill_md("notes", "Second.", "[writing]"), .visibility = "public"},
                  20);
  });
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->description, "Second.");
  EXPECT_EQ(v2->visibility, "public");
  EXPECT_EQ(seen_by("acc_b", s->id)->version, 2) << "public now";
  auto first = t_.read([&](store::Tx& tx) { return get_version(tx, "acc_b", s->id, 1); });
  ASSERT_TRUE(first);
  EXPECT_EQ(first->content, skill_md("notes", "First."));
  EXPECT_EQ(t_.read([&](store::Tx& tx) { return get_version(tx, "acc_a", s->id, 3); }).error().code,
            Errc::not_found);
  auto renamed = t_.write([&](store::Tx& tx) {
    return update(tx, "acc_a", s->id, {.content = skill_md("other", "x")}, 30);
  });
  EXPECT_EQ(renamed.error().code, Errc::validation_error);
  auto theirs = t_.write([&](store::Tx& tx) {
    return update(tx, "acc_b", s->id, {.content = skill_md("notes", "x")}, 30);
  });
  EXPECT_EQ(theirs.error().code, Errc::not_found) << "only the owner updates";
}

TEST_P(SkillsTest, TheMarketplaceListsPublicSkillsByInstallsAndFindsTextAndTags) {
  auto pdf = upload("acc_a", {.content = skill_md("pdf-tools", "Read PDF files.", "[pdf]"),
                              .visibility = "public"});
  auto mail = upload(
      "acc_b", {.content = skill_md("mail-writer", "Write 100% polite email.", "[writing, email]"),
                .visibility = "public"});
  ASSERT_TRUE(upload("acc_b", {.content = skill_md("hidden", "Private pdf notes.", "[pdf]")}));
  ASSERT_TRUE(pdf && mail);
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return install(tx, "acc_a", agent_, mail->id, std::nullopt, 40); }));
  auto market = [&](store::SkillFilter f) {
    std::vector<std::string> names;
    for (const auto& s : t_.read([&](store::Tx& tx) { return marketplace(tx, f, {}); }).items) {
      names.push_back(s.name);
    }
    return names;
  };
  EXPECT_EQ(market({}), (std::vector<std::string>{"mail-writer", "pdf-tools"}))
      << "the installed one first; private ones never";
  EXPECT_EQ(market({.text = "PDF"}), (std::vector<std::string>{"pdf-tools"}));
  EXPECT_EQ(market({.text = "100%"}), (std::vector<std::string>{"mail-writer"}));
  EXPECT_EQ(market({.text = "0%p"}), (std::vector<std::string>{})) << "% is literal";
  EXPECT_EQ(market({.tag = "email"}), (std::vector<std::string>{"mail-writer"}));
  EXPECT_EQ(market({.text = "read", .tag = "writing"}), (std::vector<std::string>{}));
  EXPECT_EQ(seen_by("acc_b", mail->id)->installs, 1);
}

TEST_P(SkillsTest, InstallingPinsOrFollowsAndRemovingASkillUninstallsIt) {
  auto s = upload(
      "acc_b", {.content = skill_md("shared", "One.", "[]", "v1 steps\n"), .visibility = "public"});
  ASSERT_TRUE(s);
  auto other_private = upload("acc_b", {.content = skill_md("mine", "Mine.")});
  auto installed_on = [&] {
    return *t_.read([&](store::Tx& tx) { return installed(tx, "acc_a", agent_); });
  };
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return install(tx, "acc_a", agent_, s->id, 1, 50); }));
  ASSERT_TRUE(t_.write([&](store::Tx& tx) {
    return update(tx, "acc_b", s->id, {.content = skill_md("shared", "Two.", "[]", "v2 steps\n")},
                  60);
  }));
  ASSERT_EQ(installed_on().size(), 1U);
  EXPECT_EQ(installed_on()[0].version, 1) << "pinned";
  EXPECT_EQ(installed_on()[0].skill.version, 2) << "the skill itself is at version 2";
  EXPECT_EQ(installed_on()[0].skill.content, skill_md("shared", "One.", "[]", "v1 steps\n"));
  auto repinned = t_.write(
      [&](store::Tx& tx) { return install(tx, "acc_a", agent_, s->id, std::nullopt, 70); });
  ASSERT_TRUE(repinned);
  EXPECT_EQ(repinned->record.version, 2) << "following the current version";
  EXPECT_FALSE(repinned->created);
  EXPECT_EQ(seen_by("acc_a", s->id)->installs, 1) << "re-pinning is not a new install";

  auto refused = [&](const std::string& account, const std::string& agent, const std::string& id,
                     std::optional<std::int64_t> pin) {
    return t_.write([&](store::Tx& tx) { return install(tx, account, agent, id, pin, 80); })
        .error()
        .code;
  };
  EXPECT_EQ(refused("acc_a", agent_, other_private->id, std::nullopt), Errc::not_found);
  EXPECT_EQ(refused("acc_b", agent_, s->id, std::nullopt), Errc::not_found) << "not their agent";
  EXPECT_EQ(refused("acc_a", agent_, s->id, 9), Errc::not_found) << "no such version";
  EXPECT_EQ(t_.read([&](store::Tx& tx) { return installed(tx, "acc_b", agent_); }).error().code,
            Errc::not_found);

  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return remove(tx, "acc_b", s->id); }));
  EXPECT_TRUE(installed_on().empty()) << "a removed skill leaves the agents that had it";
  EXPECT_EQ(
      t_.write([&](store::Tx& tx) { return uninstall(tx, "acc_a", agent_, s->id); }).error().code,
      Errc::not_found);
}

TEST_P(SkillsTest, AnAccountKeepsAtMostItsSkillsAndAnAgentItsInstalls) {
  std::vector<std::string> ids;
  t_.db().write_blocking([&](store::Tx& tx) {
    for (std::int64_t i = 0; i < max_skills_per_account; ++i) {
      ids.push_back(
          create(tx, "acc_a", {.content = skill_md("s" + std::to_string(i), "d")}, 10)->id);
    }
  });
  auto past = upload("acc_a", {.content = skill_md("one-more", "d")});
  EXPECT_EQ(past.error().code, Errc::limit_reached);
  t_.db().write_blocking([&](store::Tx& tx) {
    for (std::size_t i = 0; i < max_skills_per_agent; ++i) {
      ASSERT_TRUE(install(tx, "acc_a", agent_, ids[i], std::nullopt, 20));
    }
  });
  auto too_many = t_.write([&](store::Tx& tx) {
    return install(tx, "acc_a", agent_, ids[max_skills_per_agent], std::nullopt, 30);
  });
  EXPECT_EQ(too_many.error().code, Errc::limit_reached);
  EXPECT_TRUE(t_.write([&](store::Tx& tx) { return install(tx, "acc_a", agent_, ids[0], 1, 30); }))
      << "re-pinning an installed skill is not one more";
}

TEST_P(SkillsTest, BuiltInSkillsAreInTheMarketplaceOnceForEveryone) {
  t_.db().write_blocking([](store::Tx& tx) { install_builtins(tx, 5); });
  t_.db().write_blocking([](store::Tx& tx) { install_builtins(tx, 6); });  // a restart
  const auto market = t_.read([](store::Tx& tx) { return marketplace(tx, {}, {}); });
  ASSERT_EQ(market.total, 3);
  for (const auto& s : market.items) {
    EXPECT_FALSE(s.account_id);
    EXPECT_EQ(s.version, 1) << s.name << ": unchanged, not a new version";
    EXPECT_TRUE(seen_by("acc_b", s.id)) << s.name;
  }
  const auto summarize =
      t_.read([](store::Tx& tx) { return marketplace(tx, {.text = "summar"}, {}); });
  ASSERT_EQ(summarize.items.size(), 1U);
  EXPECT_EQ(summarize.items[0].id, "skl_builtin_summarize");
  EXPECT_TRUE(t_.write([&](store::Tx& tx) {
    return install(tx, "acc_a", agent_, "skl_builtin_summarize", std::nullopt, 7);
  }));
  EXPECT_EQ(t_.write([&](store::Tx& tx) { return remove(tx, "acc_a", "skl_builtin_summarize"); })
                .error()
                .code,
            Errc::not_found)
      << "nobody owns a built-in";
}

AGENTRY_ON_BOTH_ENGINES(SkillsTest);

}  // namespace
}  // namespace agentry::skills
