#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "domain/ledger.hpp"
#include "domain/pricing.hpp"
#include "store/ledger_queries.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/queries.hpp"
#include "store/sqlite/sqlite_database.hpp"

// What the domain's tests stand on: a fresh database of either engine, and the fixture that
// runs each test on both (DESIGN.md: one suite against both implementations).
namespace agentry::testing {

enum class Engine { sqlite, postgres };

inline std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::sqlite ? "SQLite" : "PostgreSQL";
}

// A fresh database: SQLite in a temporary directory, or a new database on the PostgreSQL cluster
// the test command starts (AGENTRY_TEST_POSTGRES=postgres://USER@HOST:PORT); removed afterwards.
class TestDatabase {
 public:
  TestDatabase() = default;
  explicit TestDatabase(Engine engine) { open(engine); }
  ~TestDatabase() {
    if (db_) db_->close();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!pg_name_.empty()) pg_admin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // False (nothing opened) when PostgreSQL is asked for and no cluster is configured.
  bool open(Engine engine) {
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    if (engine == Engine::postgres) {
      const char* base = std::getenv("AGENTRY_TEST_POSTGRES");
      if (!base || !*base) return false;
      pg_base_ = base;
      pg_name_ =
          "domain_" + std::to_string(std::random_device{}()) + "_" + std::to_string(::getpid());
      pg_admin("CREATE DATABASE " + pg_name_);
      connect();
      return true;
    }
    std::string name = test;
    for (char& c : name) {
      if (c == '/') c = '_';  // a parameterized test's name holds its instance
    }
    dir_ = std::filesystem::temp_directory_path() /
           ("agentry-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    connect();
    return true;
  }

  // Closes the database, which first finishes every write submitted to it, and opens it again:
  // how a test waits for writes submitted without a completion to wait on.
  void reopen() {
    db_->close();
    connect();
  }

  store::Database& db() { return *db_; }

  // Runs `f` in a write transaction and returns what it returns; error results roll back.
  template <class F>
  auto write(F f) {
    std::optional<decltype(f(std::declval<store::Tx&>()))> out;
    db_->write_blocking([&](store::Tx& tx) {
      out.emplace(f(tx));
      if (!*out) tx.set_rollback_only();
    });
    return std::move(*out);
  }

  // Runs `f` in a read transaction and returns what it returns.
  template <class F>
  auto read(F f) {
    std::optional<decltype(f(std::declval<store::Tx&>()))> out;
    db_->read_blocking([&](store::Tx& tx) { out.emplace(f(tx)); });
    return std::move(*out);
  }

 private:
  void connect() {
    if (!pg_name_.empty()) {
      db_ = store::open_postgres({.url = pg_base_ + "/" + pg_name_, .pool_size = 2, .now_ms = 1});
    } else {
      db_ = store::open_sqlite(
          {.path = (dir_ / "db.sqlite").string(), .reader_count = 1, .now_ms = 1});
    }
  }
  void pg_admin(const std::string& sql) {
    store::postgres::Connection c(pg_base_ + "/postgres", 10'000);
    c.exec_script(sql);
  }

  std::filesystem::path dir_;
  std::string pg_base_;
  std::string pg_name_;
  std::unique_ptr<store::Database> db_;
};

// A time later than any other a test of this process has used, a million ms past the last one
// asked for. Ordered ids (events, activity entries) never step back within a process, so a test
// that needs ids at the times it gives (pruning goes by id) makes them from here.
inline std::int64_t later_than_any_time() {
  static std::int64_t next = 5'000'000'000'000;  // 2128: past every fixed time the tests use
  next += 1'000'000;
  return next;
}

// A master key for a test's vault, every byte `fill`.
inline crypto::Key test_key(std::uint8_t fill) {
  crypto::Key k{};
  k.fill(fill);
  return k;
}

// The fixture of the domain's tests: each TEST_P runs once on SQLite and once on PostgreSQL
// (AGENTRY_ON_BOTH_ENGINES), with the wallet and ledger helpers every money test needs.
class DomainTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (!t_.open(GetParam()))
      GTEST_SKIP() << "AGENTRY_TEST_POSTGRES is not set (scripts/test sets it)";
  }

  // An account `id` with an open wallet holding `credits_micro` granted.
  void add_account(const std::string& id, std::int64_t credits_micro = 0,
                   const std::string& plan = "pro") {
    t_.db().write_blocking([&](store::Tx& tx) {
      store::insert_account(tx, {id, id, std::nullopt, plan, false, 1, 1});
      ledger::open_wallet(tx, id, 1);
      if (credits_micro > 0) {
        EXPECT_TRUE(ledger::grant(tx, id, credits_micro, "grant", {}, 1));
      }
    });
  }
  store::LedgerAccountRecord wallet(const std::string& id) {
    return *t_.read([&](store::Tx& tx) { return store::find_ledger_account(tx, id); });
  }
  std::int64_t available(const std::string& id) { return wallet(id).balance_micro; }
  std::vector<std::string> violations() {
    return t_.read([](store::Tx& tx) { return ledger::verify(tx); });
  }

  static constexpr std::int64_t credit = ledger::micro_per_credit;
  // The seeds' model prices, as a server without a prices file has them.
  inline static const pricing::PriceTable prices{pricing::default_prices()};

  TestDatabase t_;
};

}  // namespace agentry::testing

// Runs the TEST_Ps of `suite` (a DomainTest) on both engines.
#define AGENTRY_ON_BOTH_ENGINES(suite)                                                             \
  INSTANTIATE_TEST_SUITE_P(                                                                        \
      Engines, suite,                                                                              \
      ::testing::Values(::agentry::testing::Engine::sqlite, ::agentry::testing::Engine::postgres), \
      ::agentry::testing::engine_name)
