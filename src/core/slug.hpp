#pragma once

#include <string_view>

namespace agentry {

// Whether `text` is a slug: lowercase letters a-z, digits and '-', starting and ending with a
// letter or digit, with no two '-' in a row (skill names, account handles). Length is the
// caller's rule.
bool is_slug(std::string_view text);

}  // namespace agentry
