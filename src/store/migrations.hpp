#pragma once

#include "store/query_access.hpp"

#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace agentry::store {

// One schema version. `sql` is written in the subset both engines accept; where an engine needs
// its own text, `sqlite_sql` / `postgres_sql` replace it for that engine.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  std::string_view sqlite_sql = {};
  std::string_view postgres_sql = {};
};

// Every migration, in version order.
const std::vector<Migration>& all_migrations();

// Applies, in order and each in its own transaction, the migrations newer than the database's
// recorded version, stamping each with `applied_at_ms`. Returns the number applied. Throws when one
// fails; the failed one leaves no trace and the earlier ones stay applied.
int apply_migrations(Tx& tx, std::string_view engine, std::int64_t applied_at_ms);

}  // namespace agentry::store
