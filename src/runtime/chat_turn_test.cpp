#include "runtime/chat_turn.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>

#include <exception>

#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/test_db.hpp"
#include "store/chat_queries.hpp"
#include "store/ledger_queries.hpp"
#include "store/queries.hpp"

namespace agentry::runtime {
namespace {
namespace asio = boost::asio;

// Runs a turn on an io_context against a real SQLite database, with the echo provider for
// agent_ and an OpenAI-compatible provider at `openai_url` for gpt_agent_.
class ChatTurnTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_me", 10 * credit);
    add_account("acc_owner");
    agent_ = create_agent("echo", "echo-agent");
    gpt_agent_ = create_agent("gpt-4o-mini", "gpt-agent");
  }

  void TearDown() override {
    // A write a turn submitted may still be on a database thread, which posts its completion to
    // io_: closing the database waits for it while io_ exists (io_ goes before the database).
    if (!IsSkipped()) t_.reopen();
  }

  std::string create_agent(const std::string& model, const std::string& name) {
    agents::Draft d;
    d.name = name;
    d.model = model;
    d.visibility = "public";
    d.price_per_task_micro = credit;
    d.prices = &prices;
    auto created = t_.write(
        [&](store::Tx& tx) { return agents::create(tx, "acc_owner", d, clock_.now_ms()); });
    EXPECT_TRUE(created) << created.error().message;
    return created->id;
  }

  // The providers of a test whose OpenAI-compatible endpoint is `openai_url`.
  void use_openai_at(const std::string& openai_url) {
    providers_ = std::make_unique<Providers>(
        ProviderSettings{.openai_base_url = openai_url, .timeout_ms = 60'000});
  }

  ChatDeps deps() {
    if (!providers_) use_openai_at("http://127.0.0.1:1");
    return {.db = t_.db(),
            .providers = *providers_,
            .vault = vault_,
            .prices = prices,
            .clock = clock_,
            .log = log_,
            .fee_bps = 1000,
            .time_limit_ms = 60'000};
  }

  // Prepares a turn of "acc_me" with `agent`.
  std::shared_ptr<ChatTurn> prepare(const std::string& agent) {
    const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
    std::optional<Result<std::shared_ptr<ChatTurn>>> out;
    // Named, not braced in the call: GCC 12 destroys a braced temporary argument of a
    // coroutine twice.
    chat::TurnRequest request{.agent_id = agent, .message = "hello"};
    run([&]() -> asio::awaitable<void> {
      out = co_await ChatTurn::prepare(deps(), "acc_me", request, terms, clock_.now_ms());
    });
    EXPECT_TRUE(out && *out) << (out && !*out ? out->error().message : "");
    return out && *out ? **out : nullptr;
  }

  // Runs `body` on the io_context until everything it started has ended.
  template <class Body>
  void run(Body body) {
    std::exception_ptr failure;
    asio::co_spawn(io_, body(), [&](const std::exception_ptr& e) { failure = e; });
    io_.restart();
    io_.run();
    if (failure) std::rethrow_exception(failure);
  }

  std::int64_t available() { return DomainTest::available("acc_me"); }
  std::int64_t messages_in(const std::string& session_id) {
    return t_.read([&](store::Tx& tx) {
      return static_cast<std::int64_t>(
          store::list_messages(tx, session_id, std::nullopt, 100).size());
    });
  }
  void expect_ledger_sound() { EXPECT_EQ(violations(), std::vector<std::string>{}); }

  ManualClock clock_{1'000};
  Logger log_{nullptr};
  secrets::Vault vault_{testing::test_key(7)};
  std::unique_ptr<Providers> providers_;
  asio::io_context io_;
  std::string agent_;
  std::string gpt_agent_;
};

TEST_P(ChatTurnTest, AnEchoTurnStreamsItsTextAndIsPaidOnce) {
  auto turn = prepare(agent_);
  ASSERT_TRUE(turn);
  std::string streamed;
  store::MessageRecord reply;
  run([&]() -> asio::awaitable<void> {
    turn->begin(co_await asio::this_coro::executor, true);
    co_await turn->commit(clock_.now_ms());
    EXPECT_FALSE(turn->refused());
    auto take = [&] {
      for (const auto& item : turn->take_stream()) streamed += item.data;
    };
    while (!turn->answered()) {
      take();
      co_await turn->news(60'000);
    }
    take();
    EXPECT_TRUE(turn->answer());
    reply = co_await turn->settle();
  });
  EXPECT_EQ(streamed, "echo: hello");
  EXPECT_EQ(reply.content, "echo: hello");
  EXPECT_EQ(reply.role, "assistant");
  EXPECT_EQ(available(), 9 * credit) << "the agent's price, and echo's tokens are free";
  EXPECT_EQ(messages_in(turn->turn().session.id), 2);
  expect_ledger_sound();
}

TEST_P(ChatTurnTest, AWholeAnswerKeepsNoDeltas) {
  auto turn = prepare(agent_);
  ASSERT_TRUE(turn);
  run([&]() -> asio::awaitable<void> {
    turn->begin(co_await asio::this_coro::executor, false);
    co_await turn->commit(clock_.now_ms());
    co_await turn->until_answered();
    EXPECT_FALSE(turn->has_stream());
    EXPECT_EQ(turn->answer()->text, "echo: hello");
    co_await turn->settle();
  });
  EXPECT_EQ(available(), 9 * credit);
}

TEST_P(ChatTurnTest, AFailingProviderIsUndoneAndNotCharged) {
  // Nothing listens on port 1 of loopback: the call fails to connect.
  use_openai_at("http://127.0.0.1:1");
  auto turn = prepare(gpt_agent_);
  ASSERT_TRUE(turn);
  run([&]() -> asio::awaitable<void> {
    turn->begin(co_await asio::this_coro::executor, true);
    co_await turn->commit(clock_.now_ms());
    EXPECT_LT(available(), 10 * credit) << "the commit holds the turn's cost";
    co_await turn->until_answered();
    EXPECT_FALSE(turn->answer());
    EXPECT_EQ(turn->answer().error().code, Errc::unavailable);
    co_await turn->undo();
  });
  EXPECT_EQ(available(), 10 * credit);
  EXPECT_EQ(messages_in(turn->turn().session.id), 0) << "the unanswered message is removed";
  expect_ledger_sound();
}

TEST_P(ChatTurnTest, AStoppedCallEndsWithoutAnAnswerAndTheTurnIsUndone) {
  // A provider that accepts the connection and never answers.
  asio::ip::tcp::acceptor silent(io_, {asio::ip::make_address("127.0.0.1"), 0});
  asio::ip::tcp::socket held(io_);
  use_openai_at("http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()));
  auto turn = prepare(gpt_agent_);
  ASSERT_TRUE(turn);
  silent.async_accept(held, [](boost::system::error_code) {});
  run([&]() -> asio::awaitable<void> {
    turn->begin(co_await asio::this_coro::executor, true);
    co_await turn->commit(clock_.now_ms());
    EXPECT_FALSE(turn->answered());
    turn->stop();  // the client left
    co_await turn->until_answered();
    EXPECT_FALSE(turn->answer());
    if (!turn->answer()) {
      EXPECT_EQ(turn->answer().error().message, "the turn was stopped before its answer");
    }
    co_await turn->undo();
    silent.close();
    held.close();
  });
  EXPECT_EQ(available(), 10 * credit);
  expect_ledger_sound();
}

TEST_P(ChatTurnTest, ACommitRefusedBecauseTheWalletWasSpentStopsTheCallAndWritesNothing) {
  auto turn = prepare(agent_);
  ASSERT_TRUE(turn);
  // Spent between the prepare (which saw enough) and the commit.
  t_.db().write_blocking([](store::Tx& tx) {
    EXPECT_TRUE(ledger::deduct(tx, "acc_me", 10 * credit, "deduct", {}, 2));
  });
  run([&]() -> asio::awaitable<void> {
    turn->begin(co_await asio::this_coro::executor, true);
    co_await turn->commit(clock_.now_ms());
    EXPECT_TRUE(turn->refused());
    EXPECT_EQ(turn->refusal().code, Errc::insufficient_credits);
    co_await turn->until_answered();
  });
  EXPECT_EQ(available(), 0);
  expect_ledger_sound();
}

TEST_P(ChatTurnTest, ATurnDroppedBeforeItEndsIsUndoneOnItsOwn) {
  auto turn = prepare(agent_);
  ASSERT_TRUE(turn);
  std::string session;
  run([&]() -> asio::awaitable<void> {
    turn->begin(co_await asio::this_coro::executor, true);
    co_await turn->commit(clock_.now_ms());
    session = turn->turn().session.id;
    EXPECT_LT(available(), 10 * credit);
    turn.reset();  // its stream never ran: neither settled nor undone
  });
  t_.reopen();  // the undo was submitted without waiting: let it finish
  EXPECT_EQ(available(), 10 * credit);
  EXPECT_EQ(messages_in(session), 0);
  expect_ledger_sound();
}

TEST_P(ChatTurnTest, AProviderThatNeedsAKeyItHasNotIsRefusedBeforeAnythingIsCalled) {
  use_openai_at(std::string(openai_default_base_url));  // the official endpoint needs a key
  const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
  std::optional<Result<std::shared_ptr<ChatTurn>>> out;
  chat::TurnRequest request{.agent_id = gpt_agent_, .message = "hi"};
  run([&]() -> asio::awaitable<void> {
    out = co_await ChatTurn::prepare(deps(), "acc_me", request, terms, clock_.now_ms());
  });
  ASSERT_TRUE(out);
  ASSERT_FALSE(*out);
  EXPECT_EQ(out->error().code, Errc::provider_not_configured);
  EXPECT_EQ(available(), 10 * credit);
}

AGENTRY_ON_BOTH_ENGINES(ChatTurnTest);

}  // namespace
}  // namespace agentry::runtime
