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
  const std::string text(sql);
  PGresult* r = pq().PQexec(conn_, text.c_str());
  const ExecStatusType status = r ? pq().PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
  pq().PQclear(r);
}

PGresult* Connection::run(std::string_view sql, const Value* params, std::size_t count) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    const std::string text(sql);
    PGresult* r = pq().PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
    if (!r || pq().PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, sql);
    pq().PQclear(r);
    it = prepared_.emplace(text, Prepared{std::move(name), written_table(sql)}).first;
  }
  const std::string& table = it->second.table;
  if (!table.empty() && std::find(written_.begin(), written_.end(), table) == written_.end()) {
    written_.push_back(table);
  }
  // Every parameter goes as text; the server infers each one's type from where it is used.
  std::vector<std::string> texts(count);
  std::vector<const char*> values(count, nullptr);
  for (std::size_t i = 0; i < count; ++i) {
    const Value& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) continue;
    if (const auto* s = std::get_if<std::string>(&v)) {
      values[i] = s->c_str();
      continue;
    }
    std::array<char, 32> buffer{};
    char* const first = buffer.data();
    char* const last = first + buffer.size();
    const auto [end, ec] = std::holds_alternative<std::int64_t>(v)
                               ? std::to_chars(first, last, std::get<std::int64_t>(v))
                               : std::to_chars(first, last, std::get<double>(v));
    texts[i].assign(first, end);
    values[i] = texts[i].c_str();
  }
  PGresult* r = pq().PQexecPrepared(conn_, it->second.name.c_str(), static_cast<int>(count),
                                    values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = r ? pq().PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
  return r;
}

Rows Connection::query_values(std::string_view sql, const Value* params, std::size_t count) {
  Result r(run(sql, params, count));
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
  Result r(run(sql, params, count));
  const char* tuples = pq().PQcmdTuples(r.get());
  std::int64_t n = 0;
  std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), n);
  return n;
}

}  // namespace agentry::store::postgres
