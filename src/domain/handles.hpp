#pragma once

#include <string>
#include <string_view>

// Account handles: the unique, changeable name of an account in model names
// (<handle>/<agent-name>), as a URL path segment would hold it.
namespace agentry::handles {

inline constexpr std::size_t min_length = 2;
inline constexpr std::size_t max_length = 39;

// 2 to 39 characters of a-z, 0-9 and '-', starting and ending with a letter or digit, with no
// two '-' in a row.
bool valid(std::string_view handle);

// A valid handle made from an account's name: lowercase letters and digits kept, every other run
// of characters one '-', at most 30 characters; "user" when nothing is left.
std::string from_name(std::string_view name);

// `base` with "-" and six random characters of a-z, 0-9 after it (cut to fit): to try when
// `base` is taken.
std::string with_random_suffix(std::string_view base);

}  // namespace agentry::handles
