#include "api/dashboard/routes.hpp"

#include "api/dashboard/assets.hpp"
#include "api/reply.hpp"

namespace agentry::api::dashboard {
namespace asio = boost::asio;
namespace {

// Only this server's own files and calls; no inline script or style, no framing by other sites.
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

asio::awaitable<http::Response> serve_page(Call& call) {
  // Revalidated on every load (the ETag makes that a 304), so a new server's files are seen.
  http::Response r = file_reply(call, page(), "no-cache");
  r.set_header("Content-Security-Policy", std::string(content_security_policy));
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("X-Frame-Options", "DENY");
  co_return r;
}

asio::awaitable<http::Response> serve_asset(Call& call) {
  // Its name changes with its bytes: a year, never revalidated.
  co_return asset_reply(call, find_asset(call.param("file")),
                        "public, max-age=31536000, immutable");
}

}  // namespace

std::vector<RouteSpec> all_routes() {
  return {{.method = "GET",
           .path = "/",
           .operation_id = "dashboardPage",
           .tag = "Dashboard",
           .summary = "The web dashboard for people: sign in with a key once (POST "
                      "/v1/web/session), then everything the key's scopes allow, over this API",
           .access = Access::open,
           .response_schema = R"({"type":"string"})",
           .response_content_type = "text/html",
           .etag = true,
           .handler = serve_page},
          {.method = "GET",
           .path = "/assets/{file}",
           .operation_id = "dashboardFile",
           .tag = "Dashboard",
           .summary = "A file of the dashboard, named by a hash of its bytes (the page names "
                      "them), gzipped when the client accepts it, cached for a year",
           .access = Access::open,
           .response_schema = R"({"type":"string"})",
           .response_content_type = "text/javascript",
           .etag = true,
           .handler = serve_asset}};
}

}  // namespace agentry::api::dashboard
