#include "domain/chat.hpp"

#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/test_db.hpp"
#include "store/chat_queries.hpp"
#include "store/ledger_queries.hpp"
#include "store/queries.hpp"

namespace agentry::chat {
namespace {

const pricing::PriceTable prices(pricing::default_prices());

class ChatTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    t_.db().write_blocking([](store::Tx& tx) {
      for (const char* id : {"acc_me", "acc_owner"}) {
        store::insert_account(tx, {id, id, std::nullopt, "pro", false, 1, 1});
        ledger::open_wallet(tx, id, 1);
      }
      EXPECT_TRUE(ledger::grant(tx, "acc_me", 10 * credit, "grant", {}, 1));
    });
    agents::Draft d;
    d.name = "talker";
    d.model = "echo";
    d.visibility = "public";
    d.price_per_task_micro = credit;
    agent_ = t_.write([&](store::Tx& tx) { return agents::create(tx, "acc_owner", d, 2); })->id;
  }
  // A turn prepared and committed at `now_ms`: its hold is taken.
  Turn begin(std::int64_t now_ms) { return begin(now_ms, {.agent_id = agent_, .message = "hi"}); }
  Turn begin(std::int64_t now_ms, const TurnRequest& request) {
    const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
    auto turn = t_.write([&](store::Tx& tx) -> Result<Turn> {
      auto t = prepare_turn(tx, "acc_me", request, terms, now_ms);
      if (!t) return t.error();
      auto c = commit_turn(tx, *t, now_ms);
      if (!c) return c.error();
      record(*t, std::move(*c));
      return t;
    });
    EXPECT_TRUE(turn);
    return *turn;
  }
  std::int64_t available() { return DomainTest::available("acc_me"); }

  std::string agent_;
};

TEST_P(ChatTest, ATurnCutOffByAStopIsReleasedOnceItIsStaleAndOnlyThen) {
  const Turn old_turn = begin(1'000);
  const Turn recent = begin(900'000);
  EXPECT_EQ(available(), 8 * credit) << "both turns hold the agent's price";
  std::int64_t released = 0;
  t_.db().write_blocking(
      [&](store::Tx& tx) { released = release_stale_turns(tx, 500'000, 10, 1'000'000); });
  EXPECT_EQ(released, 1);
  EXPECT_EQ(available(), 9 * credit) << "only the turn begun before the cut-off";
  t_.db().write_blocking(
      [&](store::Tx& tx) { released = release_stale_turns(tx, 500'000, 10, 1'000'001); });
  EXPECT_EQ(released, 0) << "a hold is released once";
  // The recent turn still ends normally, and is paid.
  t_.db().write_blocking(
      [&](store::Tx& tx) { finish_turn(tx, recent, "echo: hi", 1, 2, prices, 1000, 900'100); });
  EXPECT_EQ(available(), 9 * credit);
  std::vector<std::string> violations;
  t_.db().read_blocking([&](store::Tx& tx) { violations = ledger::verify(tx); });
  EXPECT_EQ(violations, std::vector<std::string>{});
  (void)old_turn;
}

TEST_P(ChatTest, SessionsPageByOffsetWithTheirTotal) {
  std::vector<std::string> opened;  // oldest first
  opened.reserve(3);
  for (int i = 0; i < 3; ++i) {
    opened.push_back(t_.write([&](store::Tx& tx) {
                         return open_session(tx, "acc_me", agent_, std::nullopt, "s", 10 + i);
                       })->id);
  }
  auto page = [&](std::optional<std::string> agent, std::int64_t limit, std::int64_t offset) {
    return t_.read([&](store::Tx& tx) {
      return chat::page_sessions(tx, "acc_me", agent, {.limit = limit, .offset = offset});
    });
  };
  const auto second = page(std::nullopt, 1, 1);
  EXPECT_EQ(second.total, 3);
  ASSERT_EQ(second.items.size(), 1U);
  EXPECT_EQ(second.items[0].id, opened[1]);
  EXPECT_EQ(page(agent_, 10, 0).total, 3);
  EXPECT_EQ(page(std::string("agt_other"), 10, 0).total, 0);
  EXPECT_EQ(t_.read([&](store::Tx& tx) {
                return chat::page_sessions(tx, "acc_owner", std::nullopt,
                                           {.limit = 10, .offset = 0});
              }).total,
            0)
      << "another account's sessions";
}

TEST_P(ChatTest, ASessionsTitleIsTheStartOfItsFirstMessageCutBetweenCharacters) {
  const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
  std::string message(79, 'a');
  message += "\xc3\xa9 and more";  // "é" would straddle byte 80
  auto turn = t_.write([&](store::Tx& tx) {
    return prepare_turn(tx, "acc_me", {.agent_id = agent_, .message = message}, terms, 5);
  });
  ASSERT_TRUE(turn);
  EXPECT_EQ(turn->session.title, std::string(79, 'a'));
}

TEST_P(ChatTest, APreparedTurnWritesNothingAndIsRefusedWhenTheWalletCannotCoverIt) {
  const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
  t_.db().write_blocking([](store::Tx& tx) {
    ASSERT_TRUE(ledger::deduct(tx, "acc_me", 10 * credit, "deduct", {}, 3));
  });
  auto refused = t_.write([&](store::Tx& tx) {
    return prepare_turn(tx, "acc_me", {.agent_id = agent_, .message = "hi"}, terms, 4);
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::insufficient_credits);
}

TEST_P(ChatTest, ASessionDeletedDuringATurnRefusesTheCommitAndStillPaysForADeliveredReply) {
  const Turn first = begin(10);
  t_.db().write_blocking([&](store::Tx& tx) { store::delete_session(tx, first.session.id); });
  store::MessageRecord reply;
  t_.db().write_blocking(
      [&](store::Tx& tx) { reply = finish_turn(tx, first, "echo: hi", 1, 2, prices, 1000, 20); });
  EXPECT_EQ(reply.content, "echo: hi");
  EXPECT_EQ(available(), 9 * credit) << "the delivered reply is paid";

  // A turn prepared for a session that is deleted before it commits writes nothing.
  const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
  const Turn second = begin(30);
  t_.db().write_blocking(
      [&](store::Tx& tx) { finish_turn(tx, second, "echo: hi", 1, 2, prices, 1000, 40); });
  auto next = t_.write([&](store::Tx& tx) {
    return prepare_turn(tx, "acc_me",
                        {.agent_id = agent_, .message = "again", .session_id = second.session.id},
                        terms, 50);
  });
  ASSERT_TRUE(next);
  t_.db().write_blocking([&](store::Tx& tx) { store::delete_session(tx, second.session.id); });
  auto committed = t_.write([&](store::Tx& tx) { return commit_turn(tx, *next, 60); });
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, Errc::not_found);
  EXPECT_EQ(available(), 8 * credit) << "no hold was taken";
  std::vector<std::string> violations;
  t_.db().read_blocking([&](store::Tx& tx) { violations = ledger::verify(tx); });
  EXPECT_EQ(violations, std::vector<std::string>{});
}

TEST_P(ChatTest, AStatelessTurnIsPaidAndLoggedButKeepsNoSessionOrMessage) {
  const TurnRequest request{.agent_id = agent_,
                            .message = "hi",
                            .instructions = "Answer in French.",
                            .stateless = true,
                            .context_bytes = 5000};
  const Turn turn = begin(10, request);
  EXPECT_TRUE(turn.stateless);
  EXPECT_TRUE(turn.prompt.system.ends_with("Answer in French.")) << turn.prompt.system;
  EXPECT_GT(turn.quote.max_input_tokens, 5000) << "the caller's conversation is in the quote";
  EXPECT_EQ(available(), 9 * credit) << "the agent's price is held";
  store::MessageRecord paid;
  t_.db().write_blocking(
      [&](store::Tx& tx) { paid = finish_turn(tx, turn, "bonjour", 1, 2, prices, 1000, 20); });
  EXPECT_EQ(paid.content, "bonjour");
  EXPECT_EQ(paid.cost_micro, credit);
  EXPECT_EQ(available(), 9 * credit) << "paid: the hold captured";
  EXPECT_EQ(wallet("acc_me").held_micro, 0) << "and resolved";
  EXPECT_FALSE(reached_output_limit(turn, 2));
  EXPECT_TRUE(reached_output_limit(turn, turn.quote.max_output_tokens));
  const auto sessions = t_.read([&](store::Tx& tx) {
    return chat::list_sessions(tx, "acc_me", std::nullopt, std::nullopt, 10);
  });
  EXPECT_TRUE(sessions.empty()) << "nothing kept";
  EXPECT_FALSE(t_.read([&](store::Tx& tx) { return store::find_message(tx, paid.id); }));

  // A stateless turn that fails releases its hold.
  const Turn failed = begin(30, request);
  EXPECT_EQ(available(), 8 * credit);
  t_.db().write_blocking([&](store::Tx& tx) { abort_turn(tx, failed, 40); });
  EXPECT_EQ(available(), 9 * credit);
  std::vector<std::string> violations;
  t_.db().read_blocking([&](store::Tx& tx) { violations = ledger::verify(tx); });
  EXPECT_EQ(violations, std::vector<std::string>{});
}

AGENTRY_ON_BOTH_ENGINES(ChatTest);

}  // namespace
}  // namespace agentry::chat
