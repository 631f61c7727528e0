#include "store/where.hpp"

#include <utility>

namespace agentry::store {

Where::Where(std::string condition, std::vector<Value> params)
    : text_(std::move(condition)), params_(std::move(params)) {}

std::string Where::param(Value value) {
  params_.push_back(std::move(value));
  return "$" + std::to_string(params_.size());
}

void Where::add(std::string_view condition) {
  text_ += " AND ";
  text_ += condition;
}

void Where::compare(std::string_view column, std::string_view op, Value value) {
  std::string placeholder = param(std::move(value));
  text_ += " AND ";
  text_ += column;
  text_ += ' ';
  text_ += op;
  text_ += ' ';
  text_ += placeholder;
}

void Where::in(std::string_view column, const std::vector<std::string>& values) {
  std::string list;
  for (const std::string& v : values) list += (list.empty() ? "" : ", ") + param(v);
  add(std::string(column) + " IN (" + list + ")");
}

Rows Where::rows(Tx& tx, std::string_view select, std::string_view order_by, std::int64_t limit,
                 std::int64_t offset) {
  std::string q(select);
  q += " WHERE " + text_ + " ORDER BY ";
  q += order_by;
  q += " LIMIT " + param(limit);
  if (offset != 0) q += " OFFSET " + param(offset);
  return tx.query(q, params_);
}

std::int64_t Where::count(Tx& tx, std::string_view table) const {
  return tx.query("SELECT COUNT(*) FROM " + std::string(table) + " WHERE " + text_, params_)
      .at(0)
      .integer(0);
}

}  // namespace agentry::store
