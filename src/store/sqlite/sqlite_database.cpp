#include "store/sqlite/sqlite_database.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "store/job_queue.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/connection.hpp"

namespace agentry::store {
namespace {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const SqliteOptions& options) : options_(options) {
    writer_connection_ = std::make_unique<sqlite::Connection>(options.path, false);
    migrations_applied_ = apply_migrations(*writer_connection_, "sqlite", options.now_ms);
    // SQLite's update hook does not see WITHOUT ROWID tables: those get no counter, so that
    // nothing read from them is ever cached.
    for (const Row& row : writer_connection_->query(
             "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
             "'%WITHOUT ROWID%'")) {
      counters_.emplace(row.text(0), std::make_unique<ChangeCounter>(0));
    }
    writer_connection_->on_change(&SqliteDatabase::changed, this);
    writer_ = std::thread([this] { run_writer(); });
    for (std::size_t i = 0; i < options.reader_count; ++i) {
      auto connection = std::make_shared<sqlite::Connection>(options.path, true);
      readers_.emplace_back([this, connection] { run_reader(*connection); });
    }
  }
  ~SqliteDatabase() override { close(); }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  void submit_write(Work work, Done done) override {
    writes_.push({std::move(work), std::move(done)});
  }
  void submit_read(Work work, Done done) override {
    reads_.push({std::move(work), std::move(done)});
  }
  void close() override {
    std::call_once(closed_, [this] {
      {
        std::lock_guard lock(inline_mutex_);
        inline_closed_ = true;
        inline_readers_.clear();
      }
      writes_.close();
      reads_.close();
      if (writer_.joinable()) writer_.join();
      for (auto& t : readers_) t.join();
      writer_connection_.reset();
    });
  }
  bool reads_inline() const override { return true; }

  void read_here(const Work& work) override {
    sqlite::Connection& c = inline_reader();
    // BEGIN and COMMIT go through the statement cache: re-parsing them per read shows up.
    c.exec("BEGIN");
    try {
      work(c);
    } catch (...) {
      c.exec("COMMIT");
      throw;
    }
    c.exec("COMMIT");
  }

  const ChangeCounter* changes_of(std::string_view table) const override {
    auto it = counters_.find(table);
    return it == counters_.end() ? nullptr : it->second.get();
  }

  std::string_view engine() const override { return "sqlite"; }
  int migrations_applied() const override { return migrations_applied_; }

 private:
  // Group commit: one transaction (one fsync) for a batch; a SAVEPOINT per closure so that one
  // closure's failure rolls back only its own changes.
  void run_writer() {
    sqlite::Connection& c = *writer_connection_;
    for (;;) {
      std::vector<Job> batch = writes_.pop(options_.max_batch);
      if (batch.empty()) return;
      std::vector<std::exception_ptr> errors(batch.size());
      std::exception_ptr commit_error;
      try {
        c.exec("BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
          c.exec("SAVEPOINT job");
          c.reset_rollback_only();
          const std::size_t signals = c.signal_mark();
          try {
            batch[i].work(c);
          } catch (...) {
            errors[i] = std::current_exception();
          }
          if (errors[i] || c.rollback_only()) {
            c.exec("ROLLBACK TO job");
            c.drop_signals_from(signals);
          }
          c.exec("RELEASE job");
        }
        c.exec("COMMIT");
      } catch (...) {
        commit_error = std::current_exception();
        try {
          c.exec_script("ROLLBACK");
        } catch (...) {  // NOLINT(bugprone-empty-catch): the transaction is already gone
        }
      }
      // Before anyone hears of the commit, so that a client's next read cannot hit a cache entry
      // from before its own write. Rolled-back changes count too: a needless reload is harmless.
      for (ChangeCounter* counter : touched_) {
        counter->fetch_add(1, std::memory_order_release);
        tell_watchers(counter);
      }
      touched_.clear();
      std::vector<std::string> signals = c.take_signals();
      if (!commit_error) send_signals(signals);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].done(commit_error ? commit_error : errors[i]);
      }
    }
  }

  // The writer connection's update hook: remembers which tables the current batch changed.
  static void changed(void* self, const char* table) {
    auto* db = static_cast<SqliteDatabase*>(self);
    auto it = db->counters_.find(std::string_view(table));
    if (it == db->counters_.end()) return;
    ChangeCounter* counter = it->second.get();
    if (std::find(db->touched_.begin(), db->touched_.end(), counter) == db->touched_.end()) {
      db->touched_.push_back(counter);
    }
  }

  void run_reader(sqlite::Connection& c) {
    for (;;) {
      std::vector<Job> jobs = reads_.pop(1);
      if (jobs.empty()) return;
      std::exception_ptr error;
      try {
        c.exec("BEGIN");
        try {
          jobs[0].work(c);
        } catch (...) {
          error = std::current_exception();
        }
        c.exec("COMMIT");
      } catch (...) {
        if (!error) error = std::current_exception();
      }
      jobs[0].done(error);
    }
  }

  // The calling thread's own read-only connection, opened on its first inline read. Threads find
  // theirs through a thread_local cache keyed by this database's never-reused instance number,
  // so a closed database's connections are never looked up again. close() runs after the
  // threads that read inline have stopped reading (the server drains first).
  sqlite::Connection& inline_reader() {
    thread_local std::unordered_map<std::uint64_t, sqlite::Connection*> mine;
    if (inline_closed_.load(std::memory_order_acquire)) {
      throw std::runtime_error("the database is closed");
    }
    if (auto it = mine.find(instance_); it != mine.end()) return *it->second;
    std::lock_guard lock(inline_mutex_);
    if (inline_closed_) throw std::runtime_error("the database is closed");
    inline_readers_.push_back(std::make_unique<sqlite::Connection>(options_.path, true));
    sqlite::Connection* c = inline_readers_.back().get();
    mine.emplace(instance_, c);
    return *c;
  }

  static std::uint64_t next_instance() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  SqliteOptions options_;
  // Filled before the writer starts and never changed after, so readers need no lock.
  std::unordered_map<std::string, std::unique_ptr<ChangeCounter>, Hash, std::equal_to<>> counters_;
  std::vector<ChangeCounter*> touched_;  // the writer thread's own
  const std::uint64_t instance_ = next_instance();
  std::mutex inline_mutex_;
  std::atomic<bool> inline_closed_{false};
  std::vector<std::unique_ptr<sqlite::Connection>> inline_readers_;
  std::unique_ptr<sqlite::Connection> writer_connection_;
  JobQueue writes_;
  JobQueue reads_;
  std::thread writer_;
  std::vector<std::thread> readers_;
  std::once_flag closed_;
  int migrations_applied_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options) {
  // Memory statistics take a global mutex on every SQLite allocation; agentry never reads them.
  static std::once_flag configured;
  std::call_once(configured, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
  });
  auto db = std::make_unique<SqliteDatabase>(options);
  // The file, its WAL and shared-memory index hold every secret's sealed form and every key's
  // hash: owner only, also when an older version or another umask created them more open.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    std::filesystem::permissions(
        options.path + suffix,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ignored);
  }
  return db;
}

}  // namespace agentry::store
