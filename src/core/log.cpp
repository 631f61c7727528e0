#include "core/log.hpp"

#include <stdexcept>

#include "core/clock.hpp"
#include "core/json_escape.hpp"

namespace agentry {

std::unique_ptr<Logger> Logger::open_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) throw std::runtime_error("cannot open log file " + path);
  return std::make_unique<Logger>(f);
}

void Logger::write_line(std::string_view json_object) {
  if (!out_) return;
  std::lock_guard lock(mutex_);
  std::fwrite(json_object.data(), 1, json_object.size(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void Logger::log(std::string_view level, std::string_view message) {
  if (!out_) return;
  std::string line = R"({"ts":")" + format_rfc3339(SystemClock().now_ms()) + R"(","level":)";
  append_json_string(line, level);
  line += R"(,"msg":)";
  append_json_string(line, message);
  line += '}';
  write_line(line);
}

}  // namespace agentry
