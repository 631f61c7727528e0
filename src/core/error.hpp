#pragma once

#include <string>
#include <string_view>

namespace agentry {

// The project's expected failures. A code's wire spelling is errc_code (core/error.cpp), its HTTP
// status api::status_of (api/reply.cpp); domain and store code only ever speak in these values.
enum class Errc {
  validation_error,
  bad_request,
  missing_api_key,
  invalid_api_key,
  insufficient_scope,
  forbidden,
  limit_reached,
  not_found,
  method_not_allowed,
  conflict,
  idempotency_key_in_use,
  idempotency_key_reused,
  payload_too_large,
  headers_too_large,
  rate_limit_exceeded,
  token_limit_exceeded,
  insufficient_credits,
  provider_not_configured,  // a hosted agent's model has no provider key: its owner sets one
  unavailable,
  internal_error,
};

// The snake_case spelling used in the native error envelope.
std::string_view errc_code(Errc code);

// An expected failure: a code, a message meant for the API user, and for validation errors the
// dotted path of the offending field.
struct Error {
  Errc code = Errc::internal_error;
  std::string message;
  std::string field;
  // For a transition refused in the resource's current state (409): that state.
  std::string current_state;
};

inline Error make_error(Errc code, std::string message, std::string field = {}) {
  return Error{code, std::move(message), std::move(field)};
}

}  // namespace agentry
