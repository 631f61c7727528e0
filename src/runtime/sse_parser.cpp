#include "runtime/sse_parser.hpp"

namespace agentry::runtime {

Result<void> SseParser::feed(std::string_view bytes, const OnEvent& on_event) {
  for (char c : bytes) {
    if (c == '\n' && after_cr_) {  // the LF of a CRLF: its line has ended already
      after_cr_ = false;
      continue;
    }
    after_cr_ = c == '\r';
    if (c == '\n' || c == '\r') {
      if (auto ended = end_line(on_event); !ended) return ended;
      continue;
    }
    if (line_.size() >= max_line_bytes_) {
      return make_error(Errc::unavailable, "an event stream line passed " +
                                               std::to_string(max_line_bytes_) + " bytes");
    }
    line_.push_back(c);
  }
  return Ok{};
}

Result<void> SseParser::end_line(const OnEvent& on_event) {
  std::string line = std::move(line_);
  line_.clear();
  if (line.empty()) {
    if (!has_data_) {
      type_.clear();
      return Ok{};
    }
    Event event{type_.empty() ? "message" : std::move(type_), std::move(data_)};
    type_.clear();
    data_.clear();
    has_data_ = false;
    return on_event(event);
  }
  if (line.front() == ':') return Ok{};
  const std::size_t colon = line.find(':');
  std::string_view field = std::string_view(line).substr(0, colon);
  std::string_view value;
  if (colon != std::string::npos) {
    value = std::string_view(line).substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "event") {
    type_ = value;
  } else if (field == "data") {
    if (has_data_) data_.push_back('\n');
    data_ += value;
    has_data_ = true;
  }
  return Ok{};
}

}  // namespace agentry::runtime
