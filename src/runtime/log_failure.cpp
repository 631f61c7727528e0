#include "runtime/log_failure.hpp"

#include <string>

namespace agentry::runtime {

void log_failure(Logger& log, std::string_view what, const std::exception_ptr& e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& error) {
    log.log("error", std::string(what) + error.what());
  }
}

}  // namespace agentry::runtime
