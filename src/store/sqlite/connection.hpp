#pragma once

#include "store/query_access.hpp"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"

namespace agentry::store::sqlite {

// One SQLite connection with a cache of prepared statements. Not thread-safe: each connection is
// owned by one thread.
class Connection final : public Tx {
 public:
  Connection(const std::string& path, bool read_only);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec_script(std::string_view sql) override;
  std::string_view engine() const override { return "sqlite"; }

  // Calls `fn(context, table)` for every row this connection inserts, updates or deletes (SQLite's
  // update hook: not for WITHOUT ROWID tables, nor for a DELETE without WHERE, nor for rows an
  // ON CONFLICT REPLACE removes — agentry's SQL uses none of these on tables it caches).
  using ChangeHook = void (*)(void* context, const char* table);
  void on_change(ChangeHook fn, void* context);

 protected:
  Rows query_values(std::string_view sql, const Value* params, std::size_t count) override;
  std::int64_t exec_values(std::string_view sql, const Value* params, std::size_t count) override;

 private:
  struct Statement {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> index_of_param;  // $n → SQLite's parameter index (0 when unused)
  };
  Statement& prepare(std::string_view sql);
  void bind(Statement& s, const Value* params, std::size_t count);
  [[noreturn]] void fail(int rc, std::string_view sql);

  sqlite3* db_ = nullptr;
  ChangeHook change_hook_ = nullptr;
  void* change_context_ = nullptr;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Statement, Hash, std::equal_to<>> statements_;
};

}  // namespace agentry::store::sqlite
