#pragma once

#include <boost/json/value.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace agentry::api::openai {

// A message's content as OpenAI sends it, as text: a string, or the text of its parts — each of
// one of `types` ("text" in Chat Completions; "input_text" or "output_text" in Responses) —
// joined; "" for null or none. Errors: validation_error naming `field` for a part of another
// type (an image, a file, audio).
Result<std::string> text_of(const boost::json::value* content, const std::string& field,
                            std::initializer_list<std::string_view> types);

}  // namespace agentry::api::openai
