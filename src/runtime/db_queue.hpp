#pragma once

#include <cstdint>

namespace agentry::runtime {

// How many transactions (reads and writes) wait on this node for the database to start them:
// what a new request's would queue behind. Counted by db_read and db_write.
std::int64_t transactions_waiting();

}  // namespace agentry::runtime
