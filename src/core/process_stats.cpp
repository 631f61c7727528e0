#include "core/process_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace agentry::process_stats {

Stats read() {
  Stats out;
  // statm: size resident shared text lib data dt, in pages.
  std::ifstream statm("/proc/self/statm");
  std::int64_t size_pages = 0;
  std::int64_t resident_pages = 0;
  if (statm >> size_pages >> resident_pages) {
    out.resident_bytes = resident_pages * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
  }
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++out.open_fds;
  }
  return out;
}

}  // namespace agentry::process_stats
