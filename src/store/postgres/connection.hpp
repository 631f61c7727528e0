#pragma once

#include "store/query_access.hpp"

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace agentry::store::postgres {

// Thrown for errors that a retry of the whole transaction can cure: serialization failures and
// deadlocks (SQLSTATE 40001, 40P01).
class RetryableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when the connection to the server is lost or cannot be made.
class ConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One libpq connection with named prepared statements, one per distinct SQL text. Not
// thread-safe: each connection is owned by one thread.
class Connection final : public Tx {
 public:
  // `url` is a libpq connection string or postgres:// URL. Statements running longer than
  // `statement_timeout_ms` are cancelled by the server (0: no limit).
  Connection(std::string url, std::int64_t statement_timeout_ms);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec_script(std::string_view sql) override;
  std::string_view engine() const override { return "postgres"; }

  // False once the server connection is gone; reconnect() then opens a new one.
  bool connected() const;
  void reconnect();

  // The tables that INSERT, UPDATE and DELETE statements named since the last call, each once.
  std::vector<std::string> take_written_tables();

  // Round trips saved (libpq pipeline mode): a transaction's BEGIN waits to travel with its
  // first statement, statements run with exec_later with the next one or the commit, and a
  // read-only transaction's COMMIT with whatever the connection runs next. `begin` is a
  // statement without parameters.
  void begin_with_first_statement(std::string_view begin);
  // Whether a statement has gone to the server since begin_with_first_statement, i.e. the
  // transaction is open there.
  bool transaction_open() const { return open_; }
  // Ends the transaction: sends what waits with `notify` (each a pg_notify(channel, payload),
  // delivered only if it commits) and COMMIT in one round trip, or with `later` leaves the
  // COMMIT to travel with the next statement (a read: nothing it did needs confirming). A
  // transaction that never opened sends only the notifications.
  void commit(const std::vector<std::pair<std::string_view, std::string>>& notify, bool later);
  // Sends a waiting COMMIT now, before the connection idles: an open snapshot would hold back
  // the server's cleanup of old rows.
  void commit_now();
  // Drops what waits to be sent and rolls back what the server holds open.
  void rollback();

  PGconn* native() { return conn_; }

 protected:
  Rows query_values(std::string_view sql, const Value* params, std::size_t count) override;
  std::int64_t exec_values(std::string_view sql, const Value* params, std::size_t count) override;
  void exec_later_values(std::string_view sql, const Value* params, std::size_t count) override;

 private:
  void connect();
  // Queues `sql` (prepared on first use) with its parameters as text.
  void enqueue(std::string_view sql, const Value* params, std::size_t count);
  // Sends everything queued, with a sync point, in one round trip, and reads every result.
  // Throws the first error; returns the last command's result (the caller clears it).
  PGresult* flush();
  // Drops a connection whose protocol state is unknown and throws ConnectionError.
  [[noreturn]] void broken(std::string_view what);
  [[noreturn]] void fail(PGresult* result, std::string_view what);

  std::string url_;
  std::int64_t statement_timeout_ms_;
  PGconn* conn_ = nullptr;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Prepared {
    std::string name;
    std::string table;       // the table a DML statement writes; empty for others
    bool on_server = false;  // its Parse succeeded on this connection
    bool parsing = false;    // its Parse is in the pipeline being sent
  };
  std::unordered_map<std::string, Prepared, Hash, std::equal_to<>> prepared_;  // by SQL text
  std::vector<std::string> written_;
  // A statement waiting to be sent: its text and its parameters as text (null: SQL NULL).
  struct Queued {
    std::string_view sql;  // the key of its prepared_ entry, which outlives it
    std::vector<std::optional<std::string>> params;
  };
  std::vector<Queued> queue_;
  std::string_view begin_;  // the BEGIN to send with the first statement, until it is queued
  bool open_ = false;       // a transaction is open on the server (or its BEGIN queued)
};

}  // namespace agentry::store::postgres
