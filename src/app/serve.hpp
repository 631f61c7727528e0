#pragma once

#include "app/config.hpp"

namespace agentry::app {

// Runs the server until SIGTERM or SIGINT, then drains in-flight requests. Returns the exit code.
int serve(const Config& config);

// Opens the database, applies pending migrations and reports them. Returns the exit code.
int migrate(const Config& config);

// Verifies the ledger's invariants and, on SQLite, the file's integrity; prints each problem.
// Returns 0 when there is none, 1 otherwise.
int check(const Config& config);

}  // namespace agentry::app
