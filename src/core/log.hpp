#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace agentry {

// Writes one JSON object per line to a stream (stdout, stderr or a file); thread-safe. A logger
// built with a null stream drops everything.
class Logger {
 public:
  // With `flush_interval_ms` 0 every line is flushed as it is written (server messages). Above 0,
  // lines are buffered and a background thread flushes them at that interval and on destruction:
  // the access log then costs one write per interval instead of one per request.
  explicit Logger(std::FILE* out, std::int64_t flush_interval_ms = 0);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Opens `path` for appending; throws std::runtime_error when it cannot.
  static std::unique_ptr<Logger> open_file(const std::string& path, std::int64_t flush_interval_ms);

  bool enabled() const { return out_ != nullptr; }
  // Writes `json_object` and a newline.
  void write_line(std::string_view json_object);
  // {"ts":...,"level":level,"msg":message} — message is escaped.
  void log(std::string_view level, std::string_view message);

 private:
  void run_flusher();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::FILE* out_;
  bool owns_ = false;
  bool dirty_ = false;
  bool stopping_ = false;
  std::int64_t flush_interval_ms_;
  std::thread flusher_;
};

}  // namespace agentry
