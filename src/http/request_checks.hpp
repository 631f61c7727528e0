#pragma once

#include <optional>
#include <string_view>

// Checks of what a client sends, kept apart from the connection loop so that each is a plain
// function with its own tests.
namespace agentry::http {

inline constexpr std::size_t request_id_max_chars = 128;

// The client's X-Request-Id, kept when it is a sane token: 1 to 128 letters, digits, '-', '_',
// '.' or ':'. Anything else is not echoed (the server makes an id of its own).
std::optional<std::string_view> client_request_id(std::string_view header);

// True for a well-formed W3C traceparent: "vv-<32 hex>-<16 hex>-ff" in lower case, version not
// ff, trace and parent ids not all zeros.
bool is_traceparent(std::string_view value);

// Boost.Beast 1.81 reads a chunk extension's quoted string past the end of its line and then
// asks for more input, so a malformed extension would hold the connection until the body's time
// runs out. `pending` is what the parser left unread when it asked for more of a chunked body;
// this is true when that already holds a complete chunk header (or a complete last chunk and
// trailer), which no well-formed body leaves unread.
bool chunk_header_stalled(std::string_view pending);

}  // namespace agentry::http
