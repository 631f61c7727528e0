#pragma once

#include "runtime/await_db.hpp"

// Handlers await the store through the runtime's helpers.
namespace agentry::api {
using runtime::db_read;
using runtime::db_write;
}  // namespace agentry::api
