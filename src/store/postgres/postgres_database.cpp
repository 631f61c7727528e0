#include "store/postgres/postgres_database.hpp"

#include "store/postgres/libpq.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "store/job_queue.hpp"
#include "store/migrations.hpp"
#include "store/postgres/connection.hpp"

namespace agentry::store {
namespace {

using postgres::Connection;

// Taken while migrating, so that several nodes starting at once apply each migration once.
constexpr std::string_view migration_lock = "SELECT pg_advisory_lock(7423310)";
constexpr std::string_view migration_unlock = "SELECT pg_advisory_unlock(7423310)";

// What the listener connection hears: which tables a node changed (migration 3's trigger), and
// the keys a node's committed closures signalled (Tx::signal_after_commit).
constexpr std::string_view listen_all =
    "LISTEN agentry_changes; LISTEN agentry_signals; LISTEN agentry_catch_up";
constexpr std::string_view signal_channel = "agentry_signals";
// Where a node sends itself a marker to learn that it has heard all that came before.
constexpr std::string_view catch_up_channel = "agentry_catch_up";
// A notification's payload must stay under 8,000 bytes; longer key lists go as several.
constexpr std::size_t signal_payload_max = 7'000;

// A name for this node among those sharing the database, so that it skips its own signals
// (it passed them on at commit already).
std::string new_node_name() {
  std::random_device seed;
  std::string name;
  for (int i = 0; i < 4; ++i) name += std::to_string(seed() % 10'000) + "-";
  return name;
}

// The notifications that tell other nodes about `keys`, sent within the committing transaction
// — PostgreSQL delivers a NOTIFY only when (and if) that transaction commits. Each payload is
// "NODE\nKEY\nKEY...".
std::vector<std::pair<std::string_view, std::string>> signal_notifications(
    std::string_view node, const std::vector<std::string>& keys) {
  std::vector<std::pair<std::string_view, std::string>> out;
  std::string payload;
  auto flush = [&] {
    if (payload.empty()) return;
    out.emplace_back(signal_channel, std::string(node) + payload);
    payload.clear();
  };
  for (const std::string& key : keys) {
    if (key.empty() || key.find('\n') != std::string::npos) continue;
    if (payload.size() + key.size() + 1 > signal_payload_max) flush();
    payload += '\n';
    payload += key;
  }
  flush();
  return out;
}

// An eventfd that wakes a thread waiting in poll().
class Wake {
 public:
  Wake() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error("eventfd failed");
  }
  ~Wake() { ::close(fd_); }
  Wake(const Wake&) = delete;
  Wake& operator=(const Wake&) = delete;
  int get() const { return fd_; }
  void set() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(fd_, &one, sizeof one);
  }
  void clear() const {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto n = ::read(fd_, &count, sizeof count);
  }

 private:
  int fd_;
};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const PostgresOptions& options) : options_(options) {
    {
      Connection c(options.url, options.statement_timeout_ms);
      c.exec_script(migration_lock);
      try {
        migrations_applied_ = apply_migrations(c, "postgres", options.now_ms);
      } catch (...) {
        c.exec_script(migration_unlock);
        throw;
      }
      c.exec_script(migration_unlock);
      // The tables whose changes every node hears of (migration 3's trigger); only their
      // readers may cache.
      for (const Row& row :
           c.query("SELECT DISTINCT event_object_table FROM information_schema.triggers "
                   "WHERE trigger_name = 'agentry_changes'")) {
        counters_.emplace(row.text(0), std::make_unique<ChangeCounter>(0));
      }
    }
    // Listening before serving: no change committed after this point goes unheard.
    listener_ = std::make_unique<Connection>(options.url, options.statement_timeout_ms);
    listener_->exec_script(listen_all);
    // Connect all before serving, so that a bad URL or a full server fails the start; and before
    // any thread starts, so that such a failure leaves no thread behind.
    std::vector<std::unique_ptr<Connection>> connections;
    for (std::size_t i = 0; i < std::max<std::size_t>(options.pool_size, 1); ++i) {
      connections.push_back(
          std::make_unique<Connection>(options.url, options.statement_timeout_ms));
    }
    listener_thread_ = std::thread([this] { run_listener(); });
    for (auto& connection : connections) {
      workers_.emplace_back(
          [this, c = std::shared_ptr<Connection>(std::move(connection))] { run_worker(*c); });
    }
  }
  ~PostgresDatabase() override { close(); }
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  void submit_write(Work work, Done done) override {
    submit_write(std::move(work), std::move(done), WriteIsolation::serializable);
  }
  void submit_write(Work work, Done done, WriteIsolation isolation) override {
    jobs_.push({std::move(work), std::move(done), true, isolation});
  }
  void submit_read(Work work, Done done) override {
    jobs_.push({std::move(work), std::move(done), false});
  }
  void close() override {
    std::call_once(closed_, [this] {
      jobs_.close();
      for (auto& t : workers_) t.join();
      {
        // Under the lock: a catch_up either queued before (the listener releases it as it
        // stops) or sees the database closed.
        std::lock_guard lock(catch_up_mutex_);
        stopping_.store(true);
      }
      wake_.set();
      if (listener_thread_.joinable()) listener_thread_.join();
    });
  }
  bool shared() const override { return true; }
  void catch_up(std::function<void()> then) override {
    {
      std::lock_guard lock(catch_up_mutex_);
      if (!stopping_.load()) {
        catch_ups_.push_back(std::move(then));
        if (catch_ups_.size() > 1) return;  // the listener is woken already
        then = nullptr;
      }
    }
    if (then) {
      then();  // closed: nothing is cached any more that could be stale
      return;
    }
    wake_.set();
  }
  const ChangeCounter* changes_of(std::string_view table) const override {
    auto it = counters_.find(table);
    return it == counters_.end() ? nullptr : it->second.get();
  }

  std::string_view engine() const override { return "postgres"; }
  int migrations_applied() const override { return migrations_applied_; }

 private:
  void run_worker(Connection& c) {
    std::minstd_rand jitter(std::random_device{}());
    for (;;) {
      std::vector<Job> jobs = jobs_.try_pop(1);
      if (jobs.empty()) {
        // Idle: end the last read's transaction before waiting, not with the next job.
        try {
          c.commit_now();
        } catch (...) {
          c.rollback();
        }
        jobs = jobs_.pop(1);
      }
      if (jobs.empty()) return;
      jobs[0].done(run_job(c, jobs[0], jitter));
    }
  }

  // Runs one closure in its own transaction, again from the start while the server reports a
  // serialization failure or deadlock. Returns the error that ended it, or nullptr on commit.
  std::exception_ptr run_job(Connection& c, Job& job, std::minstd_rand& jitter) {
    for (int attempt = 1;; ++attempt) {
      try {
        if (!c.connected()) c.reconnect();
        c.take_written_tables();  // what a failed attempt wrote was rolled back
        c.take_signals();
        // The snapshot is taken at the first statement either way; BEGIN travels with it.
        c.begin_with_first_statement(!job.write ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                                     : job.isolation == WriteIsolation::conditional
                                         ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                         : "BEGIN ISOLATION LEVEL SERIALIZABLE");
        c.reset_rollback_only();
        std::exception_ptr work_error;
        try {
          job.work(c);
        } catch (const postgres::RetryableError&) {
          throw;
        } catch (const postgres::ConnectionError&) {
          throw;
        } catch (...) {
          work_error = std::current_exception();
        }
        const bool commit = !work_error && !c.rollback_only();
        std::vector<std::string> signals = c.take_signals();
        if (!commit) {
          c.rollback();
          return work_error;
        }
        // Other nodes hear of the signals by notification, sent with the COMMIT in one round trip.
        // A read's COMMIT waits for the connection's next statement: nothing to confirm.
        c.commit(signal_notifications(node_, signals), !job.write);
        // Before the writer hears of its commit, so that its next read on this node cannot hit
        // a stale cache entry; other nodes hear of it through the trigger's notification.
        for (const std::string& table : c.take_written_tables()) bump(table);
        send_signals(signals);
        return nullptr;
      } catch (const postgres::RetryableError&) {
        c.rollback();
        if (attempt >= options_.max_attempts) return std::current_exception();
        // Back off a little, randomly, so that the transactions that collided do not again.
        const int cap_ms = std::min(50, 1 << std::min(attempt, 6));
        std::this_thread::sleep_for(std::chrono::microseconds(
            std::uniform_int_distribution<int>(0, cap_ms * 1000)(jitter)));
      } catch (...) {
        c.rollback();
        return std::current_exception();
      }
    }
  }

  void bump(std::string_view table) {
    auto it = counters_.find(table);
    if (it == counters_.end()) return;
    it->second->fetch_add(1, std::memory_order_release);
    tell_watchers(it->second.get());
  }
  void bump_all() {
    for (auto& [table, counter] : counters_) {
      counter->fetch_add(1, std::memory_order_release);
      tell_watchers(counter.get());
    }
  }

  // Hears which tables any node changed and bumps their counters, and answers catch_up: a
  // notification this node sends itself arrives after those of every transaction committed
  // before it was sent (PostgreSQL delivers notifications in commit order). When the connection
  // drops, notifications may have been missed meanwhile, so everything counts as changed.
  void run_listener() {
    while (!stopping_.load()) {
      try {
        if (!listener_ || !listener_->connected()) {
          listener_.reset();
          listener_ = std::make_unique<Connection>(options_.url, options_.statement_timeout_ms);
          listener_->exec_script(listen_all);
          lost_notifications();
        }
        send_catch_up();
        PGconn* conn = listener_->native();
        hear(conn);
        std::array<pollfd, 2> ready{pollfd{postgres::pq().PQsocket(conn), POLLIN, 0},
                                    pollfd{wake_.get(), POLLIN, 0}};
        if (::poll(ready.data(), ready.size(), listener_poll_ms) <= 0) continue;
        if ((ready[1].revents & POLLIN) != 0) wake_.clear();
        if ((ready[0].revents & POLLIN) != 0 && !postgres::pq().PQconsumeInput(conn)) {
          listener_.reset();
          lost_notifications();
          continue;
        }
        hear(conn);
      } catch (const std::exception&) {
        // No connection: whoever waits to catch up reads the database (the caches miss
        // meanwhile), not the notifications; reconnecting signals everything once.
        listener_.reset();
        bump_all();
        release(std::exchange(catching_up_, {}));
        release(take_catch_ups());
        std::this_thread::sleep_for(std::chrono::milliseconds(listener_poll_ms));
      }
    }
    release(take_catch_ups());
    release(std::exchange(catching_up_, {}));
  }

  void hear(PGconn* conn) {
    while (PGnotify* n = postgres::pq().PQnotifies(conn)) {
      if (n->relname == signal_channel) {
        hear_signals(n->extra);
      } else if (n->relname == catch_up_channel) {
        if (n->extra == catch_up_token_) release(std::exchange(catching_up_, {}));
      } else {
        bump(n->extra);
      }
      postgres::pq().PQfreemem(n);
    }
  }

  // Sends this node's marker when callers wait and none is under way.
  void send_catch_up() {
    if (!catching_up_.empty()) return;
    catching_up_ = take_catch_ups();
    if (catching_up_.empty()) return;
    catch_up_token_ = node_ + std::to_string(++catch_up_count_);
    listener_->exec_script(std::string("SELECT pg_notify('") + std::string(catch_up_channel) +
                           "', '" + catch_up_token_ + "')");
  }

  // Everything counts as changed: whoever waits to catch up has.
  void lost_notifications() {
    bump_all();
    send_signals({std::string(every_signal)});
    release(std::exchange(catching_up_, {}));
  }

  std::vector<std::function<void()>> take_catch_ups() {
    std::lock_guard lock(catch_up_mutex_);
    return std::exchange(catch_ups_, {});
  }
  static void release(const std::vector<std::function<void()>>& waiting) {
    for (const auto& then : waiting) then();
  }

  // Passes on the keys another node signalled: `payload` is "NODE\nKEY\nKEY...".
  void hear_signals(std::string_view payload) {
    const std::size_t end = payload.find('\n');
    if (end == std::string_view::npos || payload.substr(0, end) == node_) return;
    std::vector<std::string> keys;
    for (std::size_t at = end + 1; at <= payload.size();) {
      std::size_t next = payload.find('\n', at);
      if (next == std::string_view::npos) next = payload.size();
      if (next > at) keys.emplace_back(payload.substr(at, next - at));
      at = next + 1;
    }
    send_signals(keys);
  }

  static constexpr int listener_poll_ms = 100;  // how long close() may wait for the listener
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  PostgresOptions options_;
  const std::string node_ = new_node_name();
  // Filled before any thread starts and never changed after, so lookups need no lock.
  std::unordered_map<std::string, std::unique_ptr<ChangeCounter>, Hash, std::equal_to<>> counters_;
  std::unique_ptr<Connection> listener_;  // the listener thread's own
  std::mutex catch_up_mutex_;
  std::vector<std::function<void()>> catch_ups_;  // waiting for the next marker; guarded
  Wake wake_;                                     // wakes the listener for them
  // The listener thread's own: who waits for the marker under way, and its text.
  std::vector<std::function<void()>> catching_up_;
  std::string catch_up_token_;
  std::uint64_t catch_up_count_ = 0;
  std::thread listener_thread_;
  std::atomic<bool> stopping_{false};
  JobQueue jobs_;
  std::vector<std::thread> workers_;
  std::once_flag closed_;
  int migrations_applied_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const PostgresOptions& options) {
  return std::make_unique<PostgresDatabase>(options);
}

}  // namespace agentry::store
