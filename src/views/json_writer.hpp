#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentry::views {

// Writes JSON text straight into a string, for the responses on hot paths: no document tree, no
// per-field allocation. The caller keeps the structure balanced; commas are placed here.
class JsonWriter {
 public:
  JsonWriter() { out_.reserve(1024); }

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // An object key; the next call writes its value. Keys come from our code, not from input, and
  // are written as they are.
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view value);
  JsonWriter& integer(std::int64_t value);
  JsonWriter& number(double value);  // shortest round-trip form
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  JsonWriter& strings(const std::vector<std::string>& values);
  JsonWriter& optional_string(const std::optional<std::string>& value);
  JsonWriter& optional_integer(const std::optional<std::int64_t>& value);
  // Already-serialized JSON, written as one value.
  JsonWriter& raw(std::string_view json);

  std::string take() { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  bool need_comma_ = false;
};

}  // namespace agentry::views
