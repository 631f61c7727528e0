#pragma once

#include <string>
#include <string_view>

#include "api/route.hpp"
#include "http/message.hpp"

// Files the binary carries for its pages (/docs, the dashboard), embedded at build time with a
// gzipped copy of each, so that the pages work offline and nothing is fetched from elsewhere.
namespace agentry::api {

struct StaticFile {
  std::string_view name;  // as served
  std::string_view content_type;
  std::string_view body;
  std::string_view gzipped;  // the same, gzip-compressed (empty: served as it is)
  std::string etag;          // a hash of `body`, quoted
};

// The bytes between an embedded file's two symbols (AGENTRY_EMBED below).
inline std::string_view embedded(const char* begin, const char* end) {
  return {begin, static_cast<std::size_t>(end - begin)};
}

// The ETag of a file whose bytes are `body`: "<32 hex digits of its SHA-256>".
std::string etag_of(std::string_view body);

// `file` as the answer to `call`: gzipped when the client accepts it, with its ETag (the route
// declares etag, so a matching If-None-Match is answered 304), nosniff, and `cache_control`.
http::Response file_reply(const Call& call, const StaticFile& file, std::string_view cache_control);

// The same for a file looked up by name: 404 not_found naming the path when `file` is nullptr.
http::Response asset_reply(const Call& call, const StaticFile* file,
                           std::string_view cache_control);

}  // namespace agentry::api

// Embeds the file at `path` (a string literal) in .rodata between the symbols `symbol` and
// `symbol`_end, for a top-level __asm__. The build fails when the file is missing.
#define AGENTRY_EMBED(symbol, path)  \
  ".pushsection .rodata\n"           \
  ".balign 16\n"                     \
  ".globl " #symbol "\n" #symbol     \
  ":\n"                              \
  ".incbin \"" path                  \
  "\"\n"                             \
  ".globl " #symbol "_end\n" #symbol \
  "_end:\n"                          \
  ".byte 0\n"                        \
  ".popsection\n"
