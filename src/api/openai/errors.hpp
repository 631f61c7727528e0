#pragma once

#include "api/route.hpp"

// Errors as OpenAI's API writes them, {"error": {"message", "type", "param", "code"}}, so that
// its SDKs raise their usual exceptions: every route of the OpenAI surface answers in it.
namespace agentry::api::openai {

extern const ErrorShape error_shape;

// The body of `error`, answered with `status`.
std::string error_body(unsigned status, const Error& error, std::string_view request_id);

// The component schema of that body, for the OpenAPI document.
std::string_view error_schema();

}  // namespace agentry::api::openai
