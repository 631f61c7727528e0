#include "store/postgres/postgres_database.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <future>
#include <latch>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.hpp"
#include "store/postgres/connection.hpp"

namespace agentry::store {
namespace {

// A Done callback that fulfils a new future appended to `futures`.
Database::Done fulfil(std::vector<std::future<void>>& futures) {
  auto p = std::make_shared<std::promise<void>>();
  futures.push_back(p->get_future());
  return [p](const std::exception_ptr& e) {
    if (e) {
      p->set_exception(e);
    } else {
      p->set_value();
    }
  };
}

// Each test gets a fresh database on the cluster the test command starts
// (AGENTRY_TEST_POSTGRES=postgres://USER@HOST:PORT).
class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("AGENTRY_TEST_POSTGRES");
    if (!base || !*base) GTEST_SKIP() << "AGENTRY_TEST_POSTGRES is not set (scripts/test sets it)";
    base_ = base;
    name_ = "unit_" + std::to_string(std::random_device{}()) + "_" + std::to_string(::getpid());
    admin("CREATE DATABASE " + name_);
  }
  void TearDown() override {
    if (!name_.empty()) admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  void admin(const std::string& sql) {
    postgres::Connection c(base_ + "/postgres", 10'000);
    c.exec_script(sql);
  }
  std::string url() const { return base_ + "/" + name_; }
  std::unique_ptr<Database> open(std::size_t pool = 4) {
    return open_postgres({.url = url(), .pool_size = pool, .now_ms = 1});
  }

  std::string base_;
  std::string name_;
};

TEST_F(PostgresDatabaseTest, AppliesMigrationsOnceEvenWhenNodesStartTogether) {
  std::vector<std::future<int>> opens;
  opens.reserve(3);
  for (int i = 0; i < 3; ++i) {
    opens.push_back(std::async(std::launch::async, [&] {
      auto db = open(1);
      const int applied = db->migrations_applied();
      db->close();
      return applied;
    }));
  }
  int total = 0;
  for (auto& f : opens) total += f.get();
  EXPECT_EQ(total, static_cast<int>(all_migrations().size()));
  EXPECT_EQ(open()->migrations_applied(), 0);
}

TEST_F(PostgresDatabaseTest, MapsColumnTypesAndBindsParametersByNumber) {
  auto db = open();
  Row row;
  db->read_blocking([&](Tx& tx) {
    row = tx.query(
                "SELECT $2::bigint, $1::text, CAST($3 AS DOUBLE PRECISION), NULL, 1 = 1, "
                "COUNT(*) FROM accounts",
                {std::string("text"), std::int64_t{-42}, 2.5})
              .at(0);
  });
  EXPECT_EQ(row.integer(0), -42);
  EXPECT_EQ(row.text(1), "text");
  EXPECT_DOUBLE_EQ(row.real(2), 2.5);
  EXPECT_TRUE(row.is_null(3));
  EXPECT_EQ(row.integer(4), 1);
  EXPECT_EQ(row.integer(5), 0);
}

TEST_F(PostgresDatabaseTest, UniqueViolationIsTypedAndRollsBackTheClosure) {
  auto db = open();
  auto insert = [](Tx& tx, const std::string& id) {
    tx.exec(
        "INSERT INTO accounts (id, name, email, plan, created_at, updated_at) "
        "VALUES ($1, $2, NULL, 'free', 1, 1)",
        {id, "n-" + id});
  };
  db->write_blocking([&](Tx& tx) { insert(tx, "acc_1"); });
  EXPECT_THROW(db->write_blocking([&](Tx& tx) {
    insert(tx, "acc_2");
    insert(tx, "acc_1");
  }),
               UniqueViolation);
  std::int64_t n = 0;
  db->read_blocking(
      [&](Tx& tx) { n = tx.query("SELECT COUNT(*) FROM accounts").at(0).integer(0); });
  EXPECT_EQ(n, 1) << "acc_2 went with the failed closure";
}

TEST_F(PostgresDatabaseTest, RollbackOnlyUndoesWithoutAnError) {
  auto db = open();
  db->write_blocking([](Tx& tx) {
    tx.exec(
        "INSERT INTO accounts (id, name, email, plan, created_at, updated_at) "
        "VALUES ('acc_x', 'x', NULL, 'free', 1, 1)");
    tx.set_rollback_only();
  });
  std::int64_t n = -1;
  db->read_blocking(
      [&](Tx& tx) { n = tx.query("SELECT COUNT(*) FROM accounts").at(0).integer(0); });
  EXPECT_EQ(n, 0);
}

// A closure's signals go out once, after its commit — not for a rolled-back closure, not for
// the attempts a serialization failure undid.
TEST_F(PostgresDatabaseTest, SignalsGoOutOnceForCommittedClosuresOnly) {
  auto db = open(8);
  db->write_blocking([](Tx& tx) {
    tx.exec_script("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    tx.exec("INSERT INTO counter (id, n) VALUES (1, 0)");
  });
  std::mutex mutex;
  std::vector<std::string> heard;
  db->on_signal([&](const std::string& key) {
    const std::lock_guard lock(mutex);
    heard.push_back(key);
  });
  constexpr int writes = 32;
  std::vector<std::future<void>> done;
  for (int i = 0; i < writes; ++i) {
    db->submit_write(
        [i](Tx& tx) {
          const std::int64_t n = tx.query("SELECT n FROM counter WHERE id = 1").at(0).integer(0);
          tx.exec("UPDATE counter SET n = $1 WHERE id = 1", {n + 1});
          tx.signal_after_commit("k" + std::to_string(i));
          if (i % 4 == 0) tx.set_rollback_only();
        },
        fulfil(done));
  }
  for (auto& f : done) f.get();
  std::vector<std::string> expected;
  for (int i = 0; i < writes; ++i) {
    if (i % 4 != 0) expected.push_back("k" + std::to_string(i));
  }
  db->on_signal(nullptr);
  std::sort(heard.begin(), heard.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(heard, expected) << "each committed closure once, retried or not";
}

// Read-modify-write closures that collide under SERIALIZABLE are retried until each applies
// once: no lost update.
TEST_F(PostgresDatabaseTest, RetriesSerializationFailuresUntilEveryClosureAppliesOnce) {
  auto db = open(8);
  db->write_blocking([](Tx& tx) {
    tx.exec_script("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    tx.exec("INSERT INTO counter (id, n) VALUES (1, 0)");
  });
  constexpr int writes = 64;
  std::atomic<int> runs{0};
  std::vector<std::future<void>> done;
  for (int i = 0; i < writes; ++i) {
    db->submit_write(
        [&runs](Tx& tx) {
          ++runs;
          const std::int64_t n = tx.query("SELECT n FROM counter WHERE id = 1").at(0).integer(0);
          tx.exec("UPDATE counter SET n = $1 WHERE id = 1", {n + 1});
        },
        fulfil(done));
  }
  for (auto& f : done) f.get();
  std::int64_t n = 0;
  db->read_blocking([&](Tx& tx) { n = tx.query("SELECT n FROM counter").at(0).integer(0); });
  EXPECT_EQ(n, writes);
  EXPECT_GT(runs.load(), writes) << "with 8 connections some closures must have collided";
}

// Conditional writes of one hot row (a wallet paying for many tasks at once) wait for each
// other instead of failing: with a single attempt allowed, every one still applies, and the
// condition stops exactly at the balance.
TEST_F(PostgresDatabaseTest, ConditionalWritesOfAHotRowWaitInsteadOfFailing) {
  auto db = open_postgres({.url = url(), .pool_size = 8, .max_attempts = 1, .now_ms = 1});
  db->write_blocking([](Tx& tx) {
    tx.exec_script("CREATE TABLE wallet (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL)");
    tx.exec("INSERT INTO wallet (id, balance) VALUES (1, 40)");
  });
  constexpr int writes = 64;
  std::atomic<int> paid{0};
  std::vector<std::future<void>> done;
  for (int i = 0; i < writes; ++i) {
    db->submit_write(
        [&paid](Tx& tx) {
          tx.query("SELECT balance FROM wallet WHERE id = 1");  // a read first, as domain code does
          if (tx.exec("UPDATE wallet SET balance = balance - 1 WHERE id = 1 AND balance >= 1") ==
              1) {
            ++paid;
          }
        },
        fulfil(done), WriteIsolation::conditional);
  }
  for (auto& f : done) EXPECT_NO_THROW(f.get());
  std::int64_t balance = -1;
  db->read_blocking(
      [&](Tx& tx) { balance = tx.query("SELECT balance FROM wallet").at(0).integer(0); });
  EXPECT_EQ(balance, 0);
  EXPECT_EQ(paid.load(), 40);
}

// Two closures that read the same row and then both write it: one must fail. With one attempt
// allowed, that failure reaches the caller as a RetryableError and its change is undone.
TEST_F(PostgresDatabaseTest, GivesUpWhenTheAttemptsAreSpent) {
  auto db = open_postgres({.url = url(), .pool_size = 2, .max_attempts = 1, .now_ms = 1});
  db->write_blocking([](Tx& tx) {
    tx.exec_script("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    tx.exec("INSERT INTO counter (id, n) VALUES (1, 0)");
  });
  std::latch both_read(2);
  std::vector<std::future<void>> done;
  for (int i = 0; i < 2; ++i) {
    db->submit_write(
        [&both_read](Tx& tx) {
          const std::int64_t n = tx.query("SELECT n FROM counter WHERE id = 1").at(0).integer(0);
          both_read.arrive_and_wait();
          tx.exec("UPDATE counter SET n = $1 WHERE id = 1", {n + 1});
        },
        fulfil(done));
  }
  int failed = 0;
  for (auto& f : done) {
    try {
      f.get();
    } catch (const postgres::RetryableError&) {
      ++failed;
    }
  }
  EXPECT_EQ(failed, 1);
  std::int64_t n = 0;
  db->read_blocking([&](Tx& tx) { n = tx.query("SELECT n FROM counter").at(0).integer(0); });
  EXPECT_EQ(n, 1);
}

TEST_F(PostgresDatabaseTest, SubmitAfterCloseFailsAndABadUrlFailsTheOpen) {
  auto db = open();
  db->close();
  EXPECT_THROW(db->submit_read([](Tx&) {}, [](const std::exception_ptr&) {}), std::runtime_error);
  EXPECT_THROW(open_postgres({.url = base_ + "/no_such_database", .pool_size = 1}),
               std::runtime_error);
}

// Only tables with the change trigger are tracked; a commit through this database moves the
// counter before the writer hears of it, and one through another node's database soon after.
TEST_F(PostgresDatabaseTest, CountsChangesOfTrackedTablesFromEveryNode) {
  auto db = open();
  auto other_node = open();
  const ChangeCounter* keys = db->changes_of("api_keys");
  ASSERT_NE(keys, nullptr);
  ASSERT_NE(db->changes_of("accounts"), nullptr);
  EXPECT_NE(db->changes_of("agents"), nullptr) << "agents are cached (migration 34)";
  EXPECT_EQ(db->changes_of("idempotency_keys"), nullptr);

  auto insert_account = [](Tx& tx, const std::string& id) {
    tx.exec(
        "INSERT INTO accounts (id, name, email, plan, created_at, updated_at) "
        "VALUES ($1, $2, NULL, 'free', 1, 1)",
        {id, "n-" + id});
  };
  const ChangeCounter* accounts = db->changes_of("accounts");
  const auto before = accounts->load();
  std::promise<std::uint64_t> seen_at_done;
  db->submit_write([&](Tx& tx) { insert_account(tx, "acc_local"); },
                   [&](const std::exception_ptr&) { seen_at_done.set_value(accounts->load()); });
  EXPECT_GT(seen_at_done.get_future().get(), before);

  const auto before_remote = accounts->load();
  other_node->write_blocking([&](Tx& tx) { insert_account(tx, "acc_remote"); });
  for (int i = 0; i < 500 && accounts->load() == before_remote; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT(accounts->load(), before_remote) << "the other node's commit was heard";
}

// A watcher hears of commits to its table from this node and from another.
TEST_F(PostgresDatabaseTest, WatchersHearOfCommitsFromEveryNode) {
  auto db = open();
  auto other_node = open();
  std::atomic<int> heard{0};
  EXPECT_FALSE(db->watch("idempotency_keys", [] {})) << "an untracked table cannot be watched";
  ASSERT_TRUE(db->watch("webhook_deliveries", [&] { ++heard; }));
  auto insert = [](Tx& tx, const std::string& id) {
    tx.exec(
        "INSERT INTO webhook_deliveries (id, account_id, event_id, event_type, "
        "event_created_at, data, status, created_at, updated_at) VALUES ($1, 'acc', 'evt', "
        "'agent.created', 1, '{}', 'pending', 1, 1)",
        {id});
  };
  db->write_blocking([&](Tx& tx) { insert(tx, "dlv_local"); });
  EXPECT_GE(heard.load(), 1) << "before the writer hears of its commit";
  const int before_remote = heard.load();
  other_node->write_blocking([&](Tx& tx) { insert(tx, "dlv_remote"); });
  for (int i = 0; i < 500 && heard.load() == before_remote; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT(heard.load(), before_remote) << "the other node's commit was heard";
}

// Another node hears each key a committed closure signalled, once, and none of a rolled-back
// one; the node that wrote hears its own keys once (at its commit, not again by notification).
// A key list longer than one notification's payload arrives whole.
TEST_F(PostgresDatabaseTest, OtherNodesHearTheSignalsOfCommittedClosuresOnly) {
  auto db = open();
  auto other_node = open();
  std::mutex mutex;
  std::vector<std::string> heard_here;
  std::vector<std::string> heard_there;
  auto collect = [&mutex](std::vector<std::string>& into) {
    return [&mutex, &into](const std::string& key) {
      const std::lock_guard lock(mutex);
      into.push_back(key);
    };
  };
  db->on_signal(collect(heard_here));
  other_node->on_signal(collect(heard_there));
  std::vector<std::string> expected;
  db->write_blocking([](Tx& tx) {
    tx.signal_after_commit("run:rolled-back");
    tx.set_rollback_only();
  });
  db->write_blocking([](Tx& tx) { tx.signal_after_commit("run:it's"); });
  expected.emplace_back("run:it's");
  db->write_blocking([&](Tx& tx) {
    for (int i = 0; i < 1'000; ++i) {  // about 14 KB of keys: two notifications
      tx.signal_after_commit("agent-log:agt_" + std::to_string(i));
      expected.push_back("agent-log:agt_" + std::to_string(i));
    }
  });
  db->write_blocking([](Tx& tx) { tx.signal_after_commit("last"); });
  expected.emplace_back("last");
  for (int i = 0; i < 1'000; ++i) {
    {
      const std::lock_guard lock(mutex);
      if (!heard_there.empty() && heard_there.back() == "last") break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  db->on_signal(nullptr);
  other_node->on_signal(nullptr);
  EXPECT_EQ(heard_there, expected) << "in commit order, each once";
  EXPECT_EQ(heard_here, expected) << "the writer's own keys once";
}

// When the connection that hears other nodes drops, their signals meanwhile may be lost: once it
// is back the node is told every_signal, so that each waiter reads again.
TEST_F(PostgresDatabaseTest, ALostListenerConnectionSignalsEverything) {
  auto db = open();
  std::atomic<int> everything{0};
  db->on_signal([&](const std::string& key) {
    if (key == Database::every_signal) ++everything;
  });
  admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name_ +
        "' AND query LIKE 'LISTEN%'");
  for (int i = 0; i < 1'000 && everything.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  db->on_signal(nullptr);
  EXPECT_GE(everything.load(), 1);
  // The listener is back: catching up still answers.
  auto p = std::make_shared<std::promise<void>>();
  auto caught = p->get_future();
  db->catch_up([p] { p->set_value(); });
  EXPECT_EQ(caught.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

// A node that catches up has heard of every commit made before, through any node: what a cache
// then serves is as new as what the other node acknowledged.
TEST_F(PostgresDatabaseTest, CatchUpHearsEveryCommitMadeBeforeItOnAnyNode) {
  auto db = open();
  auto other_node = open();
  ASSERT_TRUE(db->shared());
  const ChangeCounter* accounts = db->changes_of("accounts");
  for (int i = 0; i < 50; ++i) {
    const auto before = accounts->load();
    other_node->write_blocking([&](Tx& tx) {
      tx.exec(
          "INSERT INTO accounts (id, name, email, plan, created_at, updated_at) "
          "VALUES ($1, $1, NULL, 'free', 1, 1)",
          {"acc_" + std::to_string(i)});
    });
    // Several callers at once share the marker.
    std::vector<std::future<void>> caught;
    for (int j = 0; j < 3; ++j) {
      auto p = std::make_shared<std::promise<void>>();
      caught.push_back(p->get_future());
      db->catch_up([p] { p->set_value(); });
    }
    for (auto& f : caught) f.get();
    ASSERT_GT(accounts->load(), before) << "round " << i;
  }
  db->close();
  bool called = false;
  db->catch_up([&] { called = true; });
  EXPECT_TRUE(called) << "a closed database answers at once";
}

// BEGIN travels with a transaction's first statement and a read's COMMIT with the next one's:
// errors there are the statement's own, and nothing stays open once the pool idles.
TEST_F(PostgresDatabaseTest, StatementsSentWithBeginAndCommitFailAndRecoverAsAlone) {
  auto db = open(1);  // one connection: each closure follows the last one's waiting COMMIT
  auto insert = [](Tx& tx, const std::string& id) {
    tx.exec(
        "INSERT INTO accounts (id, name, email, plan, created_at, updated_at) "
        "VALUES ($1, $1, NULL, 'free', 1, 1)",
        {id});
  };
  db->write_blocking([&](Tx& tx) { insert(tx, "acc_1"); });
  for (int round = 0; round < 2; ++round) {
    db->read_blocking([](Tx& tx) { tx.query("SELECT 1"); });
    EXPECT_THROW(db->write_blocking([&](Tx& tx) { insert(tx, "acc_1"); }), UniqueViolation);
    db->read_blocking([](Tx& tx) { tx.query("SELECT 1"); });
    // A statement prepared for the first time in the pipeline, failing: not kept as prepared.
    EXPECT_THROW(db->read_blocking([](Tx& tx) { tx.query("SELECT no_such_column FROM accounts"); }),
                 std::runtime_error);
  }
  db->write_blocking([](Tx&) {});  // no statement, no transaction
  std::int64_t n = 0;
  db->read_blocking(
      [&](Tx& tx) { n = tx.query("SELECT COUNT(*) FROM accounts").at(0).integer(0); });
  EXPECT_EQ(n, 1);
  // The last read's COMMIT is sent once the pool idles: no transaction stays open.
  std::int64_t open_transactions = -1;
  for (int i = 0; i < 500 && open_transactions != 0; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    postgres::Connection c(url(), 10'000);
    open_transactions = c.query(
                             "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                             "current_database() AND state = 'idle in transaction'")
                            .at(0)
                            .integer(0);
  }
  EXPECT_EQ(open_transactions, 0);
}

}  // namespace
}  // namespace agentry::store
