#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace agentry::runtime {

// Splits a text/event-stream into events as its bytes arrive, by the WHATWG rules that matter
// for LLM providers: lines end with LF, CRLF or CR; "event" and "data" fields (data lines joined
// with LF); comments and other fields skipped; a blank line ends an event.
class SseParser {
 public:
  struct Event {
    std::string type;  // "message" when the event named none
    std::string data;
  };
  using OnEvent = std::function<Result<void>(const Event&)>;

  explicit SseParser(std::size_t max_line_bytes = std::size_t{1024} * 1024)
      : max_line_bytes_(max_line_bytes) {}

  // Consumes `bytes`, calling `on_event` for each event they complete. Stops at the first error
  // of `on_event`, or with unavailable when a line passes the limit.
  Result<void> feed(std::string_view bytes, const OnEvent& on_event);

 private:
  Result<void> end_line(const OnEvent& on_event);

  std::size_t max_line_bytes_;
  std::string line_;
  std::string type_;
  std::string data_;
  bool has_data_ = false;
  bool after_cr_ = false;
};

}  // namespace agentry::runtime
