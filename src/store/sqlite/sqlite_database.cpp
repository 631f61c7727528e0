#include "store/sqlite/sqlite_database.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "store/migrations.hpp"
#include "store/sqlite/connection.hpp"

namespace agentry::store {
namespace {

struct Job {
  Database::Work work;
  Database::Done done;
};

// A queue of jobs served by threads that each own one connection.
class JobQueue {
 public:
  void push(Job job) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) throw std::runtime_error("the database is closed");
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }
  // Waits for jobs and takes up to `max` of them; empty once closed and drained.
  std::vector<Job> pop(std::size_t max) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !jobs_.empty(); });
    std::vector<Job> out;
    while (!jobs_.empty() && out.size() < max) {
      out.push_back(std::move(jobs_.front()));
      jobs_.pop_front();
    }
    return out;
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool closed_ = false;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const SqliteOptions& options) : options_(options) {
    writer_connection_ = std::make_unique<sqlite::Connection>(options.path, false);
    migrations_applied_ = apply_migrations(*writer_connection_, "sqlite", options.now_ms);
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
          try {
            batch[i].work(c);
          } catch (...) {
            errors[i] = std::current_exception();
          }
          if (errors[i] || c.rollback_only()) c.exec("ROLLBACK TO job");
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
      for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].done(commit_error ? commit_error : errors[i]);
      }
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

  SqliteOptions options_;
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
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace agentry::store
