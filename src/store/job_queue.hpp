#pragma once

#include "core/work_queue.hpp"
#include "store/database.hpp"

namespace agentry::store {

struct Job {
  Database::Work work;
  Database::Done done;
  bool write = false;
  WriteIsolation isolation = WriteIsolation::serializable;
};

// Store jobs, served by threads that each own one connection. push() throws once closed.
using JobQueue = WorkQueue<Job>;

}  // namespace agentry::store
