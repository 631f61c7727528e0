#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

// The dashboard session's cookie on the wire (web_sessions.hpp holds the rules).
namespace agentry::api::session_cookie {

// The session token a request's Cookie header carries, if any.
std::optional<std::string> token_of(const http::Request& request);

// The Set-Cookie value that gives the browser `token` for `max_age_s` seconds: HttpOnly,
// SameSite=Strict, Path=/, and Secure unless the request came to a loopback address from this
// machine (a browser keeps no Secure cookie from plain http://localhost in every version).
std::string set(const http::Request& request, const std::string& token, std::int64_t max_age_s);

// The Set-Cookie value that removes it.
std::string clear(const http::Request& request);

// The header a change made through a session must carry, with the session's CSRF token.
inline constexpr std::string_view csrf_header = "x-csrf-token";

}  // namespace agentry::api::session_cookie
