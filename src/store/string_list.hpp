#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace agentry::store {

// String lists are stored as JSON arrays in a TEXT column.
std::string encode_string_list(const std::vector<std::string>& items);
// The reverse; a malformed column reads as an empty list.
std::vector<std::string> decode_string_list(std::string_view text);

inline std::int64_t to_int(bool b) {
  return b ? 1 : 0;
}

// An optional column value as a parameter: NULL when empty.
inline Value optional_text(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value optional_int(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

}  // namespace agentry::store
