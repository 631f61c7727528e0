#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace agentry::store {

// One SQL parameter or column value. Integers are 64-bit; text is UTF-8.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// One result row, materialized so that it outlives the statement that produced it.
struct Row {
  std::vector<Value> columns;

  bool is_null(std::size_t i) const {
    return std::holds_alternative<std::nullptr_t>(columns.at(i));
  }
  // The column as an integer; a NULL reads as 0.
  std::int64_t integer(std::size_t i) const;
  // The column as a double; an integer column converts, a NULL reads as 0.
  double real(std::size_t i) const;
  // The column as text; a NULL reads as "".
  const std::string& text(std::size_t i) const;
  std::optional<std::int64_t> optional_integer(std::size_t i) const;
  std::optional<std::string> optional_text(std::size_t i) const;
  // The same, moving the text out of the row instead of copying it.
  std::string take_text(std::size_t i);
  std::optional<std::string> take_optional_text(std::size_t i);
};
using Rows = std::vector<Row>;

// Thrown by Tx when a statement breaks a UNIQUE or PRIMARY KEY constraint, so that callers can
// answer "already exists" without parsing engine messages.
class UniqueViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A transaction, handed to a closure by Database. SQL uses $1..$n placeholders and the subset of
// SQL that SQLite and PostgreSQL both accept. Any other engine error is thrown as
// std::runtime_error and rolls the closure's work back.
struct Actor;  // store/activity_records.hpp

class Tx {
 public:
  virtual ~Tx() = default;

  // Runs one statement and returns all of its rows.
  Rows query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query_values(sql, params.begin(), params.size());
  }
  // Runs one statement and returns the number of rows it inserted, updated or deleted.
  std::int64_t exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return exec_values(sql, params.begin(), params.size());
  }
  // The same, for parameter lists built at run time.
  Rows query(std::string_view sql, const std::vector<Value>& params) {
    return query_values(sql, params.data(), params.size());
  }
  std::int64_t exec(std::string_view sql, const std::vector<Value>& params) {
    return exec_values(sql, params.data(), params.size());
  }

  // Runs a statement whose count the caller does not need, e.g. an insert under a fresh id into
  // an append-only table: an engine may send it together with the closure's next statement or
  // its commit (PostgreSQL: one round trip for several). Its failure fails the closure no later
  // than the commit — thrown by the next statement — so use it only where no caller catches
  // the failure of this very statement.
  void exec_later(std::string_view sql, std::initializer_list<Value> params = {}) {
    exec_later_values(sql, params.begin(), params.size());
  }
  void exec_later(std::string_view sql, const std::vector<Value>& params) {
    exec_later_values(sql, params.data(), params.size());
  }

  // Runs several ';'-separated statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;

  // "sqlite" or "postgres": for the few statements whose text differs by engine (row locks),
  // chosen in one named store function, never in domain code.
  virtual std::string_view engine() const = 0;

  // Asks for this closure's changes to be undone when it returns, although it did not throw.
  // Used when a use case ends in an expected failure after it already wrote something.
  void set_rollback_only() { rollback_only_ = true; }
  bool rollback_only() const { return rollback_only_; }
  void reset_rollback_only() { rollback_only_ = false; }

  // Who makes this closure's changes, when a request does (the activity log records it); none:
  // the system. Set by the closure for its own span: a transaction may hold several closures.
  const Actor* actor() const { return actor_; }
  void set_actor(const Actor* actor) { actor_ = actor; }

  // Asks for `key` to be signalled (Database::on_signal) once this closure's changes are
  // committed — never when they roll back: "agent X logged", for whoever follows X's log.
  void signal_after_commit(std::string key) { signals_.push_back(std::move(key)); }
  // For the database: how many keys are pending, dropping those after `mark` (a closure rolled
  // back to its savepoint), and taking them all (at commit, or to discard).
  std::size_t signal_mark() const { return signals_.size(); }
  void drop_signals_from(std::size_t mark) { signals_.resize(std::min(mark, signals_.size())); }
  std::vector<std::string> take_signals() { return std::exchange(signals_, {}); }

 protected:
  virtual Rows query_values(std::string_view sql, const Value* params, std::size_t count) = 0;
  virtual std::int64_t exec_values(std::string_view sql, const Value* params,
                                   std::size_t count) = 0;
  virtual void exec_later_values(std::string_view sql, const Value* params, std::size_t count) {
    exec_values(sql, params, count);
  }

 private:
  bool rollback_only_ = false;
  const Actor* actor_ = nullptr;
  std::vector<std::string> signals_;
};

// Counts the committed write transactions that changed one table. It only grows, and it grows
// before the writers that changed the table are told of their commit, so a reader that loads
// data after seeing value v holds data at least as new as v: a cache keeps an entry while the
// counter still shows the value read before the entry was loaded.
using ChangeCounter = std::atomic<std::uint64_t>;

// How a write closure is isolated where the engine distinguishes (SQLite's one writer is serial
// either way).
enum class WriteIsolation {
  // Any closure is correct, as if run alone; contention on PostgreSQL costs retries.
  serializable,
  // For closures whose every decision is a conditional statement re-checked on the newest row
  // (UPDATE ... WHERE state = 'open', ... WHERE balance >= $n, INSERT ... ON CONFLICT), whatever
  // they read before. On PostgreSQL it runs READ COMMITTED: writers of one hot row (a wallet)
  // wait for each other instead of failing and retrying.
  conditional,
};

// The store. Work is a closure over a Tx; the database runs it on its own threads so that callers
// on I/O threads never block, and reports completion through `done`.
class Database {
 public:
  using Work = std::function<void(Tx&)>;
  // Called exactly once, on a database thread, with nullptr on commit or the exception that made
  // the work fail (the work's changes are then rolled back).
  using Done = std::function<void(std::exception_ptr)>;

  virtual ~Database() = default;

  // Runs `work` in a read-write transaction. Writes are serialized; an implementation may commit
  // several closures together, but each one's changes commit or roll back as a unit.
  virtual void submit_write(Work work, Done done) = 0;
  // The same with a choice of isolation; engines without the choice run a plain write.
  virtual void submit_write(Work work, Done done, WriteIsolation /*isolation*/) {
    submit_write(std::move(work), std::move(done));
  }

  // Runs `work` in a read-only transaction that sees one consistent snapshot.
  virtual void submit_read(Work work, Done done) = 0;

  // True when reads are cheaper run on the caller's thread than handed to another one: for
  // SQLite a read is CPU work over the page cache, never a wait on a server, and two thread hops
  // cost more than the read itself.
  virtual bool reads_inline() const { return false; }
  // Runs `work` in a read-only snapshot on the calling thread; only when reads_inline(). Throws
  // what `work` throws, or std::runtime_error once the database is closed.
  virtual void read_here(const Work& work);

  // The change counter of `table`, or nullptr when this database cannot tell when the table
  // changes (then nothing read from it may be cached). Stable for the database's lifetime.
  virtual const ChangeCounter* changes_of(std::string_view /*table*/) const { return nullptr; }

  // Whether nodes other than this one may commit to this database (PostgreSQL): this node then
  // hears of their changes by notification, a little later than they are acknowledged.
  virtual bool shared() const { return false; }
  // Calls `then` once this node has heard of every change that any node committed before the
  // call — their change counters have moved — so that a cache checked afterwards serves nothing
  // older than a write some client has seen acknowledged, whichever node it went through. On a
  // database only this node writes, at once; else on a database thread, after a round trip to
  // the server shared by the callers waiting meanwhile: `then` must be quick.
  // NOLINTNEXTLINE(performance-unnecessary-value-param): taken by value for the overrides to keep
  virtual void catch_up(std::function<void()> then) { then(); }

  // Calls `listener` after each commit that changed `table` — on this node, or on another that
  // shares the database (PostgreSQL) — once its change counter has moved. It runs on a database
  // thread: it must be quick and must not call the database (notify a waiter). False, and never
  // called, when this database cannot tell when the table changes (changes_of is nullptr).
  bool watch(std::string_view table, std::function<void()> listener);

  // Calls `listener` with each key a closure signalled (Tx::signal_after_commit), after its
  // commit — on this node, or on another that shares the database (PostgreSQL) — on a database
  // thread: it must be quick and must not call the database. `every_signal` stands for all keys
  // when some may have been missed (the connection that hears other nodes dropped). One
  // listener; nullptr removes it (before what it calls goes away).
  static constexpr std::string_view every_signal = "*";
  void on_signal(std::function<void(const std::string&)> listener);

  // Finishes queued work, then stops the database threads. Later submissions fail.
  virtual void close() = 0;

  // "sqlite" or "postgres".
  virtual std::string_view engine() const = 0;

  // How many migrations opening this database applied.
  virtual int migrations_applied() const = 0;

  // Blocking forms for start-up and tools; never call these from an I/O thread.
  void write_blocking(Work work);
  void read_blocking(Work work);

 protected:
  // Calls the watchers of the table whose counter is `counter`; an implementation calls it each
  // time it has moved a counter.
  void tell_watchers(const ChangeCounter* counter);
  // Passes committed closures' keys to the on_signal listener.
  void send_signals(const std::vector<std::string>& keys);

 private:
  std::mutex watch_mutex_;
  std::unordered_map<const ChangeCounter*, std::vector<std::function<void()>>> watchers_;
  std::mutex signal_mutex_;
  std::function<void(const std::string&)> signal_listener_;
};

}  // namespace agentry::store
