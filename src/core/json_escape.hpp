#pragma once

#include <string>
#include <string_view>

namespace agentry {

// Appends `text` to `out` as a JSON string literal, quotes included: '"', '\\' and control
// characters are escaped; other bytes (UTF-8) pass through unchanged.
void append_json_string(std::string& out, std::string_view text);

}  // namespace agentry
