#include "store/postgres/connection.hpp"
#include "store/postgres/libpq.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>
#include <utility>
#include <vector>

namespace agentry::store::postgres {
namespace {

// Type OIDs from PostgreSQL's pg_type catalogue (stable across versions).
constexpr Oid bool_oid = 16;
constexpr Oid int8_oid = 20;
constexpr Oid int2_oid = 21;
constexpr Oid int4_oid = 23;
constexpr Oid float4_oid = 700;
constexpr Oid float8_oid = 701;
constexpr Oid numeric_oid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { pq().PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// The table an INSERT INTO, UPDATE or DELETE FROM statement writes, or "" for any other. The
// store's SQL starts its statements with the keyword, so a prefix match suffices.
std::string written_table(std::string_view sql) {
  while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
  for (std::string_view lead : {"INSERT INTO ", "UPDATE ", "DELETE FROM "}) {
    if (!sql.starts_with(lead)) continue;
    sql.remove_prefix(lead.size());
    const std::size_t end = sql.find_first_of(" (\n");
    return std::string(sql.substr(0, end));
  }
  return {};
}

Value column_value(PGresult* r, int row, int column) {
  if (pq().PQgetisnull(r, row, column)) return nullptr;
  const char* text = pq().PQgetvalue(r, row, column);
  const int length = pq().PQgetlength(r, row, column);
  switch (pq().PQftype(r, column)) {
    case bool_oid:
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case int2_oid:
    case int4_oid:
    case int8_oid: {
      std::int64_t v = 0;
      std::from_chars(text, text + length, v);
      return v;
    }
    case float4_oid:
    case float8_oid:
    case numeric_oid: {
      double v = 0;
      std::from_chars(text, text + length, v);
      return v;
    }
    default:
      return std::string(text, static_cast<std::size_t>(length));
  }
}

}  // namespace

Connection::Connection(std::string url, std::int64_t statement_timeout_ms)
    : url_(std::move(url)), statement_timeout_ms_(statement_timeout_ms) {
  connect();
}

Connection::~Connection() {
  pq().PQfinish(conn_);
}

void Connection::connect() {
  pq().PQfinish(conn_);
  prepared_.clear();
  queue_.clear();
  begin_ = {};
  open_ = false;
  conn_ = pq().PQconnectdb(url_.c_str());
  if (pq().PQstatus(conn_) != CONNECTION_OK) {
    // libpq's message names host and port but never the password.
    std::string message = conn_ ? pq().PQerrorMessage(conn_) : "out of memory";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    pq().PQfinish(conn_);
    conn_ = nullptr;
    throw ConnectionError("cannot connect to PostgreSQL: " + message);
  }
  // Notices (e.g. "there is no transaction in progress") are not errors; libpq would print them.
  pq().PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  exec_script("SET statement_timeout = " + std::to_string(statement_timeout_ms_) +
              "; SET client_min_messages = warning");
}

bool Connection::connected() const {
  return pq().PQstatus(conn_) == CONNECTION_OK;
}

std::vector<std::string> Connection::take_written_tables() {
  return std::exchange(written_, {});
}

void Connection::reconnect() {
  connect();
}

void Connection::fail(PGresult* result, std::string_view what) {
  const char* state = result ? pq().PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // The primary message only: the detail can quote row values.
  const char* primary = result ? pq().PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = "postgres: ";
  message += primary ? primary : pq().PQerrorMessage(conn_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  message += " (";
  message += what.substr(0, 200);
  message += ")";
  const std::string code = state ? state : "";
  pq().PQclear(result);
  if (code == "40001" || code == "40P01") throw RetryableError(message);
  if (code == "23505") throw UniqueViolation(message);
  if (!connected()) throw ConnectionError(message);
  throw std::runtime_error(message);
}

void Connection::exec_script(std::string_view sql) {
  if (!queue_.empty()) pq().PQclear(flush());
  const std::string text(sql);
  PGresult* r = pq().PQexec(conn_, text.c_str());
  const ExecStatusType status = r ? pq().PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
  pq().PQclear(r);
}

void Connection::begin_with_first_statement(std::string_view begin) {
  begin_ = begin;
  open_ = false;
}

void Connection::commit(const std::vector<std::pair<std::string_view, std::string>>& notify,
                        bool later) {
  begin_ = {};
  for (const auto& [channel, payload] : notify) {
    const std::array<Value, 2> params{std::string(channel), payload};
    enqueue("SELECT pg_notify($1, $2)", params.data(), params.size());
  }
  if (open_) enqueue("COMMIT", nullptr, 0);
  open_ = false;
  if (later && notify.empty()) return;
  if (!queue_.empty()) pq().PQclear(flush());
}

void Connection::commit_now() {
  if (!queue_.empty()) pq().PQclear(flush());
}

void Connection::rollback() {
  queue_.clear();
  begin_ = {};
  open_ = false;
  try {
    if (connected() && pq().PQtransactionStatus(conn_) != PQTRANS_IDLE) exec_script("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): the transaction is gone either way
  }
}

void Connection::broken(std::string_view what) {
  std::string message = "postgres: ";
  message += conn_ ? pq().PQerrorMessage(conn_) : "no connection";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  message += " (";
  message += what.substr(0, 200);
  message += ")";
  // The protocol state is unknown: the next job reconnects.
  pq().PQfinish(conn_);
  conn_ = nullptr;
  queue_.clear();
  throw ConnectionError(message);
}

void Connection::enqueue(std::string_view sql, const Value* params, std::size_t count) {
  if (!begin_.empty()) {
    const std::string_view begin = std::exchange(begin_, {});
    open_ = true;
    enqueue(begin, nullptr, 0);
  }
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    Prepared fresh;
    fresh.name = "s";  // (appended, not "s" + ...: GCC 12 warns falsely about the latter)
    fresh.name += std::to_string(prepared_.size() + 1);
    fresh.table = written_table(sql);
    it = prepared_.emplace(std::string(sql), std::move(fresh)).first;
  }
  const std::string& table = it->second.table;
  if (!table.empty() && std::find(written_.begin(), written_.end(), table) == written_.end()) {
    written_.push_back(table);
  }
  // Every parameter goes as text; the server infers each one's type from where it is used.
  Queued queued{it->first, std::vector<std::optional<std::string>>(count)};
  for (std::size_t i = 0; i < count; ++i) {
    const Value& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) continue;
    if (const auto* s = std::get_if<std::string>(&v)) {
      queued.params[i] = *s;
      continue;
    }
    std::array<char, 32> buffer{};
    char* const first = buffer.data();
    char* const last = first + buffer.size();
    const auto [end, ec] = std::holds_alternative<std::int64_t>(v)
                               ? std::to_chars(first, last, std::get<std::int64_t>(v))
                               : std::to_chars(first, last, std::get<double>(v));
    queued.params[i].emplace(first, end);
  }
  queue_.push_back(std::move(queued));
}

PGresult* Connection::flush() {
  const LibPq& p = pq();
  std::vector<Queued> sending = std::exchange(queue_, {});
  const std::string_view last_sql = sending.empty() ? std::string_view{} : sending.back().sql;
  if (!p.PQenterPipelineMode(conn_)) broken(last_sql);
  // What went out, in order: each statement's Execute, after its Parse on its first use.
  struct Sent {
    std::string_view sql;
    Prepared* parse = nullptr;  // set for a Parse
  };
  std::vector<Sent> sent;
  sent.reserve(sending.size() * 2);
  bool ok = true;
  std::vector<const char*> values;
  for (const Queued& q : sending) {
    Prepared& statement = prepared_.find(q.sql)->second;
    if (!statement.on_server && !statement.parsing) {
      const std::string text(q.sql);
      ok = ok && p.PQsendPrepare(conn_, statement.name.c_str(), text.c_str(), 0, nullptr) == 1;
      statement.parsing = true;
      sent.push_back({q.sql, &statement});
    }
    values.clear();
    for (const auto& v : q.params) values.push_back(v ? v->c_str() : nullptr);
    ok = ok && p.PQsendQueryPrepared(conn_, statement.name.c_str(), static_cast<int>(values.size()),
                                     values.data(), nullptr, nullptr, 0) == 1;
    sent.push_back({q.sql});
  }
  ok = ok && p.PQpipelineSync(conn_) == 1;
  for (const Sent& s : sent) {
    if (s.parse) s.parse->parsing = false;
  }
  if (!ok) broken(last_sql);
  // Results arrive in the order sent, each command's followed by a null, then the sync point.
  // After an error the later commands report PGRES_PIPELINE_ABORTED.
  std::size_t command = 0;
  Result out;
  Result error;
  std::string_view error_of;
  for (;;) {
    PGresult* r = p.PQgetResult(conn_);
    if (!r) {
      if (!connected() || ++command > sent.size()) broken(last_sql);
      continue;
    }
    const ExecStatusType status = p.PQresultStatus(r);
    if (status == PGRES_PIPELINE_SYNC) {
      p.PQclear(r);
      break;
    }
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      if (command < sent.size() && sent[command].parse) sent[command].parse->on_server = true;
      if (command + 1 == sent.size()) {
        out.reset(r);
      } else {
        p.PQclear(r);
      }
    } else if (status != PGRES_PIPELINE_ABORTED && !error) {
      error.reset(r);
      error_of = command < sent.size() ? sent[command].sql : last_sql;
    } else {
      p.PQclear(r);
    }
  }
  if (!p.PQexitPipelineMode(conn_)) broken(last_sql);
  if (error) {
    out.reset();
    fail(error.release(), error_of);
  }
  if (!out) broken(last_sql);
  return out.release();
}

void Connection::exec_later_values(std::string_view sql, const Value* params, std::size_t count) {
  enqueue(sql, params, count);
}

Rows Connection::query_values(std::string_view sql, const Value* params, std::size_t count) {
  enqueue(sql, params, count);
  Result r(flush());
  const int rows = pq().PQntuples(r.get());
  const int columns = pq().PQnfields(r.get());
  Rows out;
  out.reserve(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    Row row;
    row.columns.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) row.columns.push_back(column_value(r.get(), i, c));
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t Connection::exec_values(std::string_view sql, const Value* params, std::size_t count) {
  enqueue(sql, params, count);
  Result r(flush());
  const char* tuples = pq().PQcmdTuples(r.get());
  std::int64_t n = 0;
  std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), n);
  return n;
}

}  // namespace agentry::store::postgres
