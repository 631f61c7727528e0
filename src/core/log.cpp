#include "core/log.hpp"

#include <chrono>
#include <stdexcept>

#include "core/clock.hpp"
#include "core/json_escape.hpp"

namespace agentry {

Logger::Logger(std::FILE* out, std::int64_t flush_interval_ms)
    : out_(out), flush_interval_ms_(flush_interval_ms) {
  if (out_ && flush_interval_ms_ > 0) flusher_ = std::thread([this] { run_flusher(); });
}

Logger::~Logger() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  if (out_) std::fflush(out_);
  if (owns_ && out_) std::fclose(out_);
}

std::unique_ptr<Logger> Logger::open_file(const std::string& path, std::int64_t flush_interval_ms) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) throw std::runtime_error("cannot open log file " + path);
  auto logger = std::make_unique<Logger>(f, flush_interval_ms);
  logger->owns_ = true;
  return logger;
}

void Logger::run_flusher() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(flush_interval_ms_));
    if (dirty_) {
      std::fflush(out_);
      dirty_ = false;
    }
  }
}

void Logger::write_line(std::string_view json_object) {
  if (!out_) return;
  std::lock_guard lock(mutex_);
  std::fwrite(json_object.data(), 1, json_object.size(), out_);
  std::fputc('\n', out_);
  if (flush_interval_ms_ > 0) {
    dirty_ = true;
  } else {
    std::fflush(out_);
  }
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
