#include "api/docs/routes.hpp"

#include "api/docs/assets.hpp"
#include "api/reply.hpp"

namespace agentry::api::docs {
namespace asio = boost::asio;
namespace {

constexpr std::string_view page = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>agentry API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
)";

// Only this server's own files and calls: the page loads nothing from elsewhere. Swagger UI sets
// style attributes, hence 'unsafe-inline' for styles alone.
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// A day: the files change only with the server, and the ETag answers a revalidation with 304.
constexpr std::string_view cache_control = "public, max-age=86400";

asio::awaitable<http::Response> serve_page(Call& call) {
  static const StaticFile file{"docs", "text/html; charset=utf-8", page, {}, etag_of(page)};
  http::Response r = file_reply(call, file, cache_control);
  r.set_header("Content-Security-Policy", std::string(content_security_policy));
  co_return r;
}

asio::awaitable<http::Response> serve_file(Call& call) {
  co_return asset_reply(call, find_asset(call.param("file")), cache_control);
}

}  // namespace

std::vector<RouteSpec> all_routes(const std::string& prefix) {
  std::vector<RouteSpec> r;
  r.push_back({.method = "GET",
               .path = prefix + "/docs",
               .operation_id = "docsPage",
               .tag = "System",
               .summary = "The API reference for people: Swagger UI over /openapi.json, served "
                          "from the binary (it loads nothing from elsewhere); Authorize takes "
                          "a key, and Try it out calls this server",
               .access = Access::open,
               .response_schema = R"({"type":"string"})",
               .response_content_type = "text/html",
               .etag = true,
               .handler = serve_page});
  r.push_back({.method = "GET",
               .path = prefix + "/docs/{file}",
               .operation_id = "docsFile",
               .tag = "System",
               .summary = "A file of the reference page (swagger-ui-bundle.js, swagger-ui.css, "
                          "init.js), gzipped when the client accepts it",
               .access = Access::open,
               .response_schema = R"({"type":"string"})",
               .response_content_type = "text/javascript",
               .etag = true,
               .handler = serve_file});
  return r;
}

}  // namespace agentry::api::docs
