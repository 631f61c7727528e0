#include "store/sqlite/connection.hpp"

#include <charconv>
#include <stdexcept>

#include "store/sqlite/knowledge_rank.hpp"

namespace agentry::store::sqlite {

Connection::Connection(const std::string& path, bool read_only) {
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  try {
    exec_script("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
    if (!read_only) exec_script("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    register_knowledge_rank(db_);
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Connection::~Connection() {
  for (auto& [sql, s] : statements_) sqlite3_finalize(s.stmt);
  sqlite3_close(db_);
}

void Connection::exec_script(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error("sqlite: " + what);
  }
}

void Connection::on_change(ChangeHook fn, void* context) {
  change_hook_ = fn;
  change_context_ = context;
  if (!fn) {
    sqlite3_update_hook(db_, nullptr, nullptr);
    return;
  }
  sqlite3_update_hook(
      db_,
      [](void* self, int /*op*/, const char* /*db*/, const char* table, sqlite3_int64 /*rowid*/) {
        auto* c = static_cast<Connection*>(self);
        c->change_hook_(c->change_context_, table);
      },
      this);
}

Connection::Statement& Connection::prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  Statement s;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &s.stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  const int n = sqlite3_bind_parameter_count(s.stmt);
  for (int i = 1; i <= n; ++i) {
    const char* name = sqlite3_bind_parameter_name(s.stmt, i);
    std::size_t number = 0;
    const std::string_view view = name ? name : "";
    if (view.size() < 2 || view[0] != '$' ||
        std::from_chars(view.data() + 1, view.data() + view.size(), number).ec != std::errc{} ||
        number == 0) {
      sqlite3_finalize(s.stmt);
      throw std::logic_error("sql parameters must be $1..$n: " + std::string(sql));
    }
    if (s.index_of_param.size() < number) s.index_of_param.resize(number, 0);
    s.index_of_param[number - 1] = i;
  }
  return statements_.emplace(std::string(sql), std::move(s)).first->second;
}

void Connection::bind(Statement& s, const Value* params, std::size_t count) {
  sqlite3_reset(s.stmt);
  sqlite3_clear_bindings(s.stmt);
  if (count < s.index_of_param.size()) throw std::logic_error("too few sql parameters");
  for (std::size_t n = 0; n < s.index_of_param.size(); ++n) {
    const int index = s.index_of_param[n];
    if (index == 0) continue;
    const Value& v = params[n];
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(s.stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(s.stmt, index, *d);
    } else if (const auto* t = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text(s.stmt, index, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(s.stmt, index);
    }
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
}

void Connection::fail(int rc, std::string_view sql) {
  const std::string message = sqlite3_errmsg(db_);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw UniqueViolation(message);
  }
  throw std::runtime_error("sqlite: " + message + " in: " + std::string(sql.substr(0, 120)));
}

Rows Connection::query_values(std::string_view sql, const Value* params, std::size_t count) {
  Statement& s = prepare(sql);
  bind(s, params, count);
  Rows rows;
  for (;;) {
    const int rc = sqlite3_step(s.stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      sqlite3_reset(s.stmt);
      fail(rc, sql);
    }
    const int n = sqlite3_column_count(s.stmt);
    Row row;
    row.columns.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      switch (sqlite3_column_type(s.stmt, i)) {
        case SQLITE_INTEGER:
          row.columns.emplace_back(sqlite3_column_int64(s.stmt, i));
          break;
        case SQLITE_FLOAT:
          row.columns.emplace_back(sqlite3_column_double(s.stmt, i));
          break;
        case SQLITE_NULL:
          row.columns.emplace_back(nullptr);
          break;
        default: {
          // column_blob, not column_text: the text needs no NUL terminator here, and asking for
          // one makes SQLite copy every value into a fresh allocation first.
          const auto* bytes = static_cast<const char*>(sqlite3_column_blob(s.stmt, i));
          const auto size = static_cast<std::size_t>(sqlite3_column_bytes(s.stmt, i));
          row.columns.emplace_back(size == 0 ? std::string() : std::string(bytes, size));
        }
      }
    }
    rows.push_back(std::move(row));
  }
  sqlite3_reset(s.stmt);
  return rows;
}

std::int64_t Connection::exec_values(std::string_view sql, const Value* params, std::size_t count) {
  (void)query_values(sql, params, count);
  return sqlite3_changes64(db_);
}

}  // namespace agentry::store::sqlite
