#pragma once

#include "app/config.hpp"

namespace agentry::app {

// Runs the server until SIGTERM or SIGINT, then drains in-flight requests. Returns the exit code.
int serve(const Config& config);

// Opens the database, applies pending migrations and reports them. Returns the exit code.
int migrate(const Config& config);

}  // namespace agentry::app
