#include "api/openai/errors.hpp"

#include "views/json_writer.hpp"

namespace agentry::api::openai {
namespace {

std::string_view type_of(unsigned status) {
  switch (status) {
    case 401:
      return "authentication_error";
    case 402:
      return "insufficient_quota";
    case 403:
      return "permission_error";
    case 429:
      return "rate_limit_error";
    default:
      return status >= 500 ? "server_error" : "invalid_request_error";
  }
}

}  // namespace

std::string error_body(unsigned status, const Error& error, std::string_view /*request_id*/) {
  views::JsonWriter w;
  w.begin_object().key("error").begin_object();
  w.key("message").string(error.message);
  w.key("type").string(type_of(status));
  w.key("param");
  if (error.field.empty()) {
    w.null();
  } else {
    w.string(error.field);
  }
  w.key("code").string(error.code == Errc::not_found && error.field == "model"
                           ? std::string_view("model_not_found")
                           : errc_code(error.code));
  w.end_object().end_object();
  return w.take();
}

const ErrorShape error_shape{
    .schema = "OpenAIError",
    .body = [](const ErrorShape&, unsigned status, const Error& error,
               std::string_view request_id) { return error_body(status, error, request_id); }};

std::string_view error_schema() {
  return R"({
    "type": "object", "required": ["error"],
    "description": "OpenAI's error shape: the type follows the status (invalid_request_error, authentication_error, permission_error, insufficient_quota, rate_limit_error, server_error); code is agentry's precise error code (model_not_found for an unknown model).",
    "properties": {"error": {"type": "object", "required": ["message", "type", "param", "code"],
      "properties": {"message": {"type": "string"}, "type": {"type": "string"},
        "param": {"type": ["string", "null"]}, "code": {"type": ["string", "null"]}}}}})";
}

}  // namespace agentry::api::openai
