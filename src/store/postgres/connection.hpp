#pragma once

#include "store/query_access.hpp"

#include <libpq-fe.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>
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

  PGconn* native() { return conn_; }

 protected:
  Rows query_values(std::string_view sql, const Value* params, std::size_t count) override;
  std::int64_t exec_values(std::string_view sql, const Value* params, std::size_t count) override;

 private:
  void connect();
  // Runs a prepared statement (preparing it on first use); the caller clears the result.
  PGresult* run(std::string_view sql, const Value* params, std::size_t count);
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
    std::string table;  // the table a DML statement writes; empty for others
  };
  std::unordered_map<std::string, Prepared, Hash, std::equal_to<>> prepared_;  // by SQL text
  std::vector<std::string> written_;
};

}  // namespace agentry::store::postgres
