#pragma once

#include "store/query_access.hpp"

#include <memory>
#include <string>

#include "store/database.hpp"

namespace agentry::store {

struct SqliteOptions {
  std::string path;              // the database file; created when missing
  std::size_t reader_count = 4;  // read-only connections, each on its own thread
  std::size_t max_batch = 256;   // write closures committed together at most
  std::int64_t now_ms = 0;       // the time recorded for migrations applied on open
};

// Opens (creating if needed) the SQLite database at `options.path` in WAL mode with one writer
// thread that group-commits write closures (each in its own SAVEPOINT) and a pool of read-only
// connections. Applies pending migrations before returning. Throws std::runtime_error when the
// file cannot be opened or a migration fails.
std::unique_ptr<Database> open_sqlite(const SqliteOptions& options);

}  // namespace agentry::store
