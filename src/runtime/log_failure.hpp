#pragma once

#include <exception>
#include <string_view>

#include "core/log.hpp"

namespace agentry::runtime {

// For the completion of a coroutine spawned on its own: logs what it threw, if anything, as an
// error line "<what><message>".
void log_failure(Logger& log, std::string_view what, const std::exception_ptr& e);

}  // namespace agentry::runtime
