#include "store/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.hpp"

namespace agentry::store {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("agentry-store-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Database> open() {
    return open_sqlite({.path = (dir_ / "db.sqlite").string(), .reader_count = 2, .now_ms = 1});
  }

  std::int64_t count_accounts(Database& db) {
    std::int64_t n = -1;
    db.read_blocking(
        [&](Tx& tx) { n = tx.query("SELECT COUNT(*) FROM accounts").at(0).integer(0); });
    return n;
  }

  static void insert_account(Tx& tx, const std::string& id) {
    tx.exec(
        "INSERT INTO accounts (id, name, email, plan, created_at, updated_at) "
        "VALUES ($1, $2, NULL, 'free', 1, 1)",
        {id, "n-" + id});
  }

  std::filesystem::path dir_;
};

TEST_F(SqliteDatabaseTest, AppliesMigrationsOnceAcrossOpens) {
  auto first = open();
  EXPECT_EQ(first->migrations_applied(), static_cast<int>(all_migrations().size()));
  first->close();
  auto second = open();
  EXPECT_EQ(second->migrations_applied(), 0);
}

TEST_F(SqliteDatabaseTest, ReadsSeeCommittedWritesAndBindParametersByNumber) {
  auto db = open();
  db->write_blocking([](Tx& tx) { insert_account(tx, "acc_1"); });
  std::string name;
  db->read_blocking([&](Tx& tx) {
    // $2 appears before $1: binding goes by number, not by position.
    Rows rows = tx.query("SELECT name FROM accounts WHERE plan = $2 AND id = $1",
                         {std::string("acc_1"), std::string("free")});
    ASSERT_EQ(rows.size(), 1U);
    name = rows[0].text(0);
  });
  EXPECT_EQ(name, "n-acc_1");
}

TEST_F(SqliteDatabaseTest, UniqueViolationIsTypedAndRollsBackTheClosure) {
  auto db = open();
  db->write_blocking([](Tx& tx) { insert_account(tx, "acc_1"); });
  EXPECT_THROW(db->write_blocking([](Tx& tx) {
    insert_account(tx, "acc_2");
    insert_account(tx, "acc_1");
  }),
               UniqueViolation);
  EXPECT_EQ(count_accounts(*db), 1);  // acc_2 went with the failed closure
}

TEST_F(SqliteDatabaseTest, OneFailingClosureDoesNotSinkItsBatch) {
  auto db = open();
  // Queue many closures at once so that the writer batches them; every third one fails, half of
  // those by throwing and half by asking for a rollback.
  constexpr int n = 300;
  std::vector<std::promise<bool>> outcomes(n);
  for (int i = 0; i < n; ++i) {
    db->submit_write(
        [i](Tx& tx) {
          insert_account(tx, "acc_" + std::to_string(i));
          if (i % 3 == 0) throw std::runtime_error("fails");
          if (i % 3 == 1 && i % 2 == 0) tx.set_rollback_only();
        },
        [&outcomes, i](const std::exception_ptr& e) {
          outcomes[static_cast<std::size_t>(i)].set_value(!e);
        });
  }
  int expected = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(outcomes[static_cast<std::size_t>(i)].get_future().get(), i % 3 != 0);
    if (i % 3 == 2 || (i % 3 == 1 && i % 2 != 0)) ++expected;
  }
  EXPECT_EQ(count_accounts(*db), expected);
}

TEST_F(SqliteDatabaseTest, ConcurrentWritersAllCommit) {
  auto db = open();
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&db, t] {
      for (int i = 0; i < 50; ++i) {
        db->write_blocking(
            [&](Tx& tx) { insert_account(tx, "acc_" + std::to_string(t * 100 + i)); });
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(count_accounts(*db), 200);
}

TEST_F(SqliteDatabaseTest, DataSurvivesReopen) {
  {
    auto db = open();
    db->write_blocking([](Tx& tx) { insert_account(tx, "acc_1"); });
  }
  auto db = open();
  EXPECT_EQ(count_accounts(*db), 1);
}

TEST_F(SqliteDatabaseTest, SubmitAfterCloseFails) {
  auto db = open();
  db->close();
  EXPECT_THROW(db->write_blocking([](Tx&) {}), std::runtime_error);
}

}  // namespace
}  // namespace agentry::store

namespace agentry::store {
namespace {

TEST_F(SqliteDatabaseTest, InlineReadsSeeCommittedWritesOnEachThread) {
  auto db = open();
  ASSERT_TRUE(db->reads_inline());
  db->write_blocking([](Tx& tx) { insert_account(tx, "acc_1"); });
  std::vector<std::thread> threads;
  std::atomic<int> seen{0};
  threads.reserve(3);
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        db->read_here([&](Tx& tx) {
          seen += static_cast<int>(tx.query("SELECT COUNT(*) FROM accounts").at(0).integer(0));
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen.load(), 30);
  db->write_blocking([](Tx& tx) { insert_account(tx, "acc_2"); });
  std::int64_t now = 0;
  db->read_here([&](Tx& tx) { now = tx.query("SELECT COUNT(*) FROM accounts").at(0).integer(0); });
  EXPECT_EQ(now, 2);  // the reused connection sees the newer commit
  db->close();
  EXPECT_THROW(db->read_here([](Tx&) {}), std::runtime_error);
}

TEST_F(SqliteDatabaseTest, CountsCommitsPerTableBeforeReportingThem) {
  auto db = open();
  const ChangeCounter* accounts = db->changes_of("accounts");
  const ChangeCounter* agents = db->changes_of("agents");
  ASSERT_NE(accounts, nullptr);
  ASSERT_NE(agents, nullptr);
  EXPECT_EQ(db->changes_of("no_such_table"), nullptr);
  EXPECT_EQ(db->changes_of("transfers"), nullptr) << "the update hook misses WITHOUT ROWID tables";
  const auto before = accounts->load();

  std::promise<std::uint64_t> seen_at_done;
  db->submit_write([](Tx& tx) { insert_account(tx, "acc_1"); },
                   [&](const std::exception_ptr&) { seen_at_done.set_value(accounts->load()); });
  EXPECT_EQ(seen_at_done.get_future().get(), before + 1)
      << "the counter moves before the writer hears of its commit";
  EXPECT_EQ(agents->load(), 0U) << "a table nobody wrote keeps its count";

  db->read_blocking([](Tx& tx) { tx.query("SELECT COUNT(*) FROM accounts"); });
  db->write_blocking([](Tx& tx) { tx.exec("UPDATE accounts SET name = name WHERE id = 'none'"); });
  EXPECT_EQ(accounts->load(), before + 1) << "reads and writes that change no row count nothing";
  db->write_blocking([](Tx& tx) { tx.exec("DELETE FROM accounts WHERE id = 'acc_1'"); });
  EXPECT_EQ(accounts->load(), before + 2);
}

// A closure's signals go out after its commit, and not at all when it fails or rolls back —
// also inside a batch whose other closures commit.
TEST_F(SqliteDatabaseTest, SignalsGoOutForCommittedClosuresOnly) {
  auto db = open();
  std::mutex mutex;
  std::vector<std::string> heard;
  db->on_signal([&](const std::string& key) {
    const std::lock_guard lock(mutex);
    heard.push_back(key);
  });
  constexpr int n = 90;
  std::vector<std::promise<void>> done(n);
  for (int i = 0; i < n; ++i) {
    db->submit_write(
        [i](Tx& tx) {
          insert_account(tx, "acc_" + std::to_string(i));
          tx.signal_after_commit("k" + std::to_string(i));
          if (i % 3 == 0) throw std::runtime_error("fails");
          if (i % 3 == 1) tx.set_rollback_only();
        },
        [&done, i](const std::exception_ptr&) { done[static_cast<std::size_t>(i)].set_value(); });
  }
  for (auto& d : done) d.get_future().get();
  std::vector<std::string> expected;
  for (int i = 2; i < n; i += 3) expected.push_back("k" + std::to_string(i));
  db->on_signal(nullptr);
  db->write_blocking([](Tx& tx) { tx.signal_after_commit("after"); });
  const std::lock_guard lock(mutex);
  std::sort(heard.begin(), heard.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(heard, expected) << "and a removed listener hears nothing";
}

TEST_F(SqliteDatabaseTest, WatchersHearOfCommitsToTheirTableOnly) {
  auto db = open();
  int accounts = 0;
  int agents = 0;
  ASSERT_TRUE(db->watch("accounts", [&] { ++accounts; }));
  ASSERT_TRUE(db->watch("agents", [&] { ++agents; }));
  EXPECT_FALSE(db->watch("transfers", [] {})) << "WITHOUT ROWID tables are not tracked";
  db->write_blocking([](Tx& tx) { insert_account(tx, "acc_1"); });
  EXPECT_EQ(accounts, 1) << "before the writer hears of its commit";
  EXPECT_EQ(agents, 0);
  db->read_blocking([](Tx& tx) { tx.query("SELECT COUNT(*) FROM accounts"); });
  EXPECT_EQ(accounts, 1) << "a read changes nothing";
}

}  // namespace
}  // namespace agentry::store
