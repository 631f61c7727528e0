#include "api/static_files.hpp"

#include "api/reply.hpp"
#include "core/crypto.hpp"

namespace agentry::api {

std::string etag_of(std::string_view body) {
  return "\"" + crypto::sha256_hex(body).substr(0, 32) + "\"";
}

http::Response file_reply(const Call& call, const StaticFile& file,
                          std::string_view cache_control) {
  http::Response r;
  r.content_type = std::string(file.content_type);
  const bool compress = !file.gzipped.empty() &&
                        call.request.header("accept-encoding").find("gzip") != std::string::npos;
  r.body = std::string(compress ? file.gzipped : file.body);
  if (compress) r.set_header("Content-Encoding", "gzip");
  if (!file.gzipped.empty()) r.set_header("Vary", "Accept-Encoding");
  r.set_header("ETag", file.etag);
  r.set_header("Cache-Control", std::string(cache_control));
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

http::Response asset_reply(const Call& call, const StaticFile* file,
                           std::string_view cache_control) {
  if (file == nullptr) {
    return error_reply(call, make_error(Errc::not_found, "no file " + call.request.path));
  }
  return file_reply(call, *file, cache_control);
}

}  // namespace agentry::api
