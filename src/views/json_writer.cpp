#include "views/json_writer.hpp"

#include <array>
#include <cassert>
#include <charconv>

#include "core/json_escape.hpp"

namespace agentry::views {

void JsonWriter::before_value() {
  if (need_comma_) out_ += ',';
  need_comma_ = true;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  // Keys are identifiers written by our own code, never user input, so they need no escaping.
  assert(name.find_first_of("\"\\") == std::string_view::npos);
  before_value();
  out_ += '"';
  out_ += name;
  out_ += "\":";
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  before_value();
  append_json_string(out_, value);
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
  before_value();
  std::array<char, 24> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out_.append(buf.data(), end);
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  before_value();
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out_.append(buf.data(), ec == std::errc{} ? end : buf.data());
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& values) {
  begin_array();
  for (const std::string& v : values) string(v);
  return end_array();
}

JsonWriter& JsonWriter::optional_string(const std::optional<std::string>& value) {
  return value ? string(*value) : null();
}

JsonWriter& JsonWriter::optional_integer(const std::optional<std::int64_t>& value) {
  return value ? integer(*value) : null();
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

}  // namespace agentry::views
