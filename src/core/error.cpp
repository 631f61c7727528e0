#include "core/error.hpp"

namespace agentry {

std::string_view errc_code(Errc code) {
  switch (code) {
    case Errc::validation_error:
      return "validation_error";
    case Errc::bad_request:
      return "bad_request";
    case Errc::missing_api_key:
      return "missing_api_key";
    case Errc::invalid_api_key:
      return "invalid_api_key";
    case Errc::insufficient_scope:
      return "insufficient_scope";
    case Errc::forbidden:
      return "forbidden";
    case Errc::limit_reached:
      return "limit_reached";
    case Errc::not_found:
      return "not_found";
    case Errc::method_not_allowed:
      return "method_not_allowed";
    case Errc::conflict:
      return "conflict";
    case Errc::idempotency_key_in_use:
      return "idempotency_key_in_use";
    case Errc::idempotency_key_reused:
      return "idempotency_key_reused";
    case Errc::payload_too_large:
      return "payload_too_large";
    case Errc::headers_too_large:
      return "headers_too_large";
    case Errc::rate_limit_exceeded:
      return "rate_limit_exceeded";
    case Errc::token_limit_exceeded:
      return "token_limit_exceeded";
    case Errc::insufficient_credits:
      return "insufficient_credits";
    case Errc::provider_not_configured:
      return "provider_not_configured";
    case Errc::unavailable:
      return "unavailable";
    case Errc::internal_error:
      return "internal_error";
  }
  return "internal_error";
}

}  // namespace agentry
