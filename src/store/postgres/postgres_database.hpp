#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace agentry::store {

struct PostgresOptions {
  std::string url;                             // postgres://USER[:PASSWORD]@HOST:PORT/DB[?...]
  std::size_t pool_size = 8;                   // connections, each served by its own thread
  std::int64_t statement_timeout_ms = 30'000;  // the server cancels longer statements
  int max_attempts = 10;    // per closure, when serialization failures or deadlocks recur
  std::int64_t now_ms = 0;  // the time recorded for migrations applied on open
};

// Connects a pool of `pool_size` connections to PostgreSQL. Every closure runs in its own
// transaction on one of them: writes SERIALIZABLE, retried from the start on a serialization
// failure or deadlock; reads REPEATABLE READ, READ ONLY (one snapshot). Applies pending
// migrations first, under an advisory lock so that nodes starting together apply each once.
// Throws std::runtime_error when the server cannot be reached or a migration fails.
std::unique_ptr<Database> open_postgres(const PostgresOptions& options);

}  // namespace agentry::store
