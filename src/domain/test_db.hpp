#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "store/sqlite/sqlite_database.hpp"

namespace agentry::testing {

// A fresh SQLite database in a temporary directory, removed afterwards.
class TestDatabase {
 public:
  TestDatabase() {
    dir_ = std::filesystem::temp_directory_path() /
           ("agentry-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ =
        store::open_sqlite({.path = (dir_ / "db.sqlite").string(), .reader_count = 1, .now_ms = 1});
  }
  ~TestDatabase() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

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

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace agentry::testing
