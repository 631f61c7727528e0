#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace agentry {

// Writes one JSON object per line to a stream (stdout, stderr or a file); thread-safe. A logger
// built with a null stream drops everything.
class Logger {
 public:
  explicit Logger(std::FILE* out) : out_(out) {}
  // Opens `path` for appending; throws std::runtime_error when it cannot.
  static std::unique_ptr<Logger> open_file(const std::string& path);

  bool enabled() const { return out_ != nullptr; }
  // Writes `json_object` and a newline.
  void write_line(std::string_view json_object);
  // {"ts":...,"level":level,"msg":message} — message is escaped.
  void log(std::string_view level, std::string_view message);

 private:
  std::mutex mutex_;
  std::FILE* out_;
};

}  // namespace agentry
