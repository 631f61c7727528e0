#pragma once

#include "store/query_access.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

// The filtered lists of the store (agents, runs, tasks, logs): a WHERE clause built from the
// conditions a filter sets, each value a numbered parameter, never text spliced into SQL.
namespace agentry::store {

class Where {
 public:
  // Starts from `condition` (true when the list has no fixed condition), whose placeholders $1..
  // name `params` in order.
  explicit Where(std::string condition = "1 = 1", std::vector<Value> params = {});

  // Adds a parameter; its placeholder, "$n".
  std::string param(Value value);
  // ANDs `condition` in, as written: its values must come from param().
  void add(std::string_view condition);
  // ANDs `column <op> $n` in, `op` one of =, <, >=, ...
  void compare(std::string_view column, std::string_view op, Value value);
  // ANDs `column IN ($n, ...)` in; `values` must not be empty.
  void in(std::string_view column, const std::vector<std::string>& values);

  const std::string& text() const { return text_; }
  const std::vector<Value>& params() const { return params_; }

  // `select` (columns and FROM) with this clause, then `order_by`, LIMIT `limit` and, when
  // `offset` is not 0, OFFSET: the rows of one page.
  Rows rows(Tx& tx, std::string_view select, std::string_view order_by, std::int64_t limit,
            std::int64_t offset = 0);
  // How many rows of `table` match.
  std::int64_t count(Tx& tx, std::string_view table) const;

 private:
  std::string text_;
  std::vector<Value> params_;
};

// One page of `table`'s rows matching `where`, newest (greatest id) first, with the count of all
// that match; `row_of` turns a row of `select` into a record.
template <class Record, class RowOf>
PageOf<Record> page_of(Tx& tx, std::string_view table, std::string_view select, Where where,
                       Page page, RowOf row_of) {
  PageOf<Record> out;
  out.total = where.count(tx, table);
  for (Row& r : where.rows(tx, select, "id DESC", page.limit, page.offset)) {
    out.items.push_back(row_of(r));
  }
  return out;
}

}  // namespace agentry::store
