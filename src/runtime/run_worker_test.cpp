#include "runtime/run_worker.hpp"

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <functional>
#include <thread>

#include "domain/agents.hpp"
#include "domain/runs.hpp"
#include "domain/test_db.hpp"

// The run worker on a real database of either engine, its I/O context on a thread of its own:
// runs claimed, executed and paid; cancelled; handed back on a stop; recovered after a crash.
namespace agentry::runtime {
namespace {
namespace asio = boost::asio;

class RunWorkerTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_payer", 100 * credit);
    add_account("acc_owner");
    echo_agent_ = make_agent("echo", "echoer");
    // An OpenAI-compatible endpoint on loopback that accepts and never answers: a run of this
    // agent stays active until it is stopped.
    silent_.async_accept(held_, [](boost::system::error_code) {});
    providers_ = std::make_unique<Providers>(ProviderSettings{
        .openai_base_url =
            "http://127.0.0.1:" + std::to_string(silent_.local_endpoint().port()) + "/v1"});
    slow_agent_ = make_agent("gpt-4o-mini", "slow");
  }
  void TearDown() override {
    if (thread_.joinable()) {
      worker_->stop();
      io_.stop();
      thread_.join();
      worker_->finish();
      // A write the worker submitted may still be queued and refer to it: closing the database
      // runs it while the worker exists, as serve() closes the database before its worker goes.
      t_.reopen();
    }
  }

  std::string make_agent(const std::string& model, const std::string& name) {
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
  store::RunRecord queue_run(const std::string& agent) {
    const runs::Terms terms{.prices = &prices, .max_output_tokens = 100};
    runs::Request request{
        .agent_id = agent, .input = R"({"message":"hello"})", .timeout_ms = 300'000};
    auto run = t_.write([&](store::Tx& tx) {
      return runs::create(tx, "acc_payer", request, terms, clock_.now_ms());
    });
    EXPECT_TRUE(run) << run.error().message;
    return *run;
  }
  // `cancel_watch_ms`: how often the worker looks for cancels committed by other nodes.
  void start_worker(bool recover_all_at_start = false, std::int64_t cancel_watch_ms = 20) {
    worker_ =
        std::make_unique<RunWorker>(t_.db(), clock_, prices, *providers_, vault_, notifier_,
                                    WorkerOptions{.max_active = 4,
                                                  .lease_ms = 60'000,
                                                  .poll_ms = 20,
                                                  .cancel_watch_ms = cancel_watch_ms,
                                                  .recover_all_at_start = recover_all_at_start},
                                    log_);
    worker_->start({&io_});
    thread_ = std::thread([this] { io_.run(); });
  }
  store::RunRecord run_of(const std::string& id) {
    return *t_.read([&](store::Tx& tx) { return runs::get(tx, "acc_payer", id); });
  }
  // Waits until `ready(run)`; a guard against a hang, not a measure of time.
  store::RunRecord await_run(const std::string& id,
                             const std::function<bool(const store::RunRecord&)>& ready) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      store::RunRecord run = run_of(id);
      if (ready(run) || std::chrono::steady_clock::now() > give_up) return run;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  store::RunRecord await_status(const std::string& id, const std::string& status) {
    return await_run(id, [&](const store::RunRecord& r) { return r.status == status; });
  }

  ManualClock clock_{1'000'000};
  Logger log_{nullptr};
  secrets::Vault vault_{testing::test_key(3)};
  Notifier notifier_;
  asio::io_context io_;
  asio::ip::tcp::acceptor silent_{io_, {asio::ip::make_address("127.0.0.1"), 0}};
  asio::ip::tcp::socket held_{io_};
  std::unique_ptr<Providers> providers_;
  std::unique_ptr<RunWorker> worker_;
  std::thread thread_;
  std::string echo_agent_;
  std::string slow_agent_;
};

TEST_P(RunWorkerTest, AQueuedRunIsClaimedExecutedAndPaidOnce) {
  const store::RunRecord queued = queue_run(echo_agent_);
  EXPECT_EQ(queued.status, "queued");
  start_worker();
  worker_->wake();
  const store::RunRecord done =
      await_run(queued.id, [](const store::RunRecord& r) { return runs::is_terminal(r.status); });
  ASSERT_EQ(done.status, "completed") << done.error_message.value_or("");
  EXPECT_NE(done.result.value_or("").find("echo: "), std::string::npos);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_EQ(available("acc_payer"), 99 * credit) << "the agent's price; echo's tokens are free";
  EXPECT_EQ(available("acc_owner"), credit * 9 / 10) << "less the platform's tenth";
  EXPECT_EQ(violations(), std::vector<std::string>{});
}

TEST_P(RunWorkerTest, ACancelStopsAnActiveRunAndReleasesItsHold) {
  const store::RunRecord queued = queue_run(slow_agent_);
  // The watch for other nodes' cancels waits an hour: only the cancel this node is told of counts.
  start_worker(false, 3'600'000);
  worker_->wake();
  ASSERT_EQ(await_status(queued.id, "active").status, "active");
  EXPECT_LT(available("acc_payer"), 100 * credit) << "the run holds its maximum cost";
  auto cancelling = t_.write(
      [&](store::Tx& tx) { return runs::cancel(tx, "acc_payer", queued.id, clock_.now_ms()); });
  ASSERT_TRUE(cancelling);
  EXPECT_EQ(cancelling->status, "cancelling");
  worker_->cancel(queued.id);
  EXPECT_EQ(await_status(queued.id, "cancelled").status, "cancelled");
  EXPECT_EQ(available("acc_payer"), 100 * credit);
  EXPECT_EQ(violations(), std::vector<std::string>{});
}

TEST_P(RunWorkerTest, ACancelThroughAnotherNodeIsFoundByTheWatch) {
  const store::RunRecord queued = queue_run(slow_agent_);
  start_worker();
  worker_->wake();
  ASSERT_EQ(await_status(queued.id, "active").status, "active");
  // Another node commits the cancel: this worker is not told, it must see it in the store.
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return runs::cancel(tx, "acc_payer", queued.id, clock_.now_ms()); }));
  EXPECT_EQ(await_status(queued.id, "cancelled").status, "cancelled");
  EXPECT_EQ(available("acc_payer"), 100 * credit);
}

TEST_P(RunWorkerTest, AStoppingWorkerHandsItsActiveRunBackToTheQueue) {
  const store::RunRecord queued = queue_run(slow_agent_);
  start_worker();
  worker_->wake();
  const store::RunRecord active = await_status(queued.id, "active");
  ASSERT_EQ(active.status, "active");
  worker_->stop();
  const store::RunRecord back = await_status(queued.id, "queued");
  EXPECT_EQ(back.status, "queued");
  EXPECT_FALSE(back.claim) << "no node holds it";
  EXPECT_EQ(wallet("acc_payer").held_micro, active.max_cost_micro)
      << "still held for the next attempt";
}

TEST_P(RunWorkerTest, ARunLeftActiveByACrashedNodeIsRecoveredAndRunAgain) {
  const store::RunRecord queued = queue_run(echo_agent_);
  // A node claimed it and died: the run is active under a claim nobody renews.
  std::vector<store::RunRecord> claimed;
  t_.db().write_blocking([&](store::Tx& tx) {
    claimed = runs::claim(
        tx, "dead-node", 10, {}, [](const std::string&) { return 1; }, clock_.now_ms() + 60'000,
        clock_.now_ms());
  });
  ASSERT_EQ(claimed.size(), 1U);
  ASSERT_EQ(run_of(queued.id).status, "active");
  start_worker(/*recover_all_at_start=*/true);
  const store::RunRecord done =
      await_run(queued.id, [](const store::RunRecord& r) { return runs::is_terminal(r.status); });
  EXPECT_EQ(done.status, "completed");
  EXPECT_EQ(done.attempts, 2) << "the dead node's attempt counts";
  EXPECT_EQ(available("acc_payer"), 99 * credit) << "paid once";
}

AGENTRY_ON_BOTH_ENGINES(RunWorkerTest);

}  // namespace
}  // namespace agentry::runtime
