#pragma once

#include <cstdint>

// This process's resident memory and open file descriptors, read from /proc/self (Linux); zero
// where it cannot be read.
namespace agentry::process_stats {

struct Stats {
  std::int64_t resident_bytes = 0;
  std::int64_t open_fds = 0;
};

Stats read();

}  // namespace agentry::process_stats
