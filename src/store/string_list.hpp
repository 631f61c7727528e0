#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agentry::store {

// String lists are stored as JSON arrays in a TEXT column.
std::string encode_string_list(const std::vector<std::string>& items);
// The reverse; a malformed column reads as an empty list.
std::vector<std::string> decode_string_list(std::string_view text);

inline std::int64_t to_int(bool b) {
  return b ? 1 : 0;
}

}  // namespace agentry::store
