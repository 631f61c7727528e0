#include "api/docs/assets.hpp"

#include <array>

// The build passes AGENTRY_SWAGGER_DIR (web/node_modules/swagger-ui-dist) and AGENTRY_DOCS_GZ_DIR
// (the gzipped copies it makes).
// NOLINTBEGIN(cppcoreguidelines-avoid-c-arrays,modernize-avoid-c-arrays)
__asm__(AGENTRY_EMBED(agentry_docs_bundle_js, AGENTRY_SWAGGER_DIR "/swagger-ui-bundle.js")
            AGENTRY_EMBED(agentry_docs_bundle_js_gz, AGENTRY_DOCS_GZ_DIR "/swagger-ui-bundle.js.gz")
                AGENTRY_EMBED(agentry_docs_css, AGENTRY_SWAGGER_DIR "/swagger-ui.css")
                    AGENTRY_EMBED(agentry_docs_css_gz, AGENTRY_DOCS_GZ_DIR "/swagger-ui.css.gz"));

extern "C" {
extern const char agentry_docs_bundle_js[], agentry_docs_bundle_js_end[];
extern const char agentry_docs_bundle_js_gz[], agentry_docs_bundle_js_gz_end[];
extern const char agentry_docs_css[], agentry_docs_css_end[];
extern const char agentry_docs_css_gz[], agentry_docs_css_gz_end[];
}
// NOLINTEND(cppcoreguidelines-avoid-c-arrays,modernize-avoid-c-arrays)

namespace agentry::api::docs {
namespace {

// Starts Swagger UI on the server's own OpenAPI document (relative to /docs, so that the page
// also works behind a proxy's path prefix). No validator (it would call
// validator.swagger.io); the key given to "Authorize" stays in the page's memory only.
constexpr std::string_view init_js = R"(window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  persistAuthorization: false,
  validatorUrl: null,
});
)";

StaticFile asset(std::string_view name, std::string_view content_type, std::string_view body,
                 std::string_view gzipped) {
  return {name, content_type, body, gzipped, etag_of(body)};
}

const std::array<StaticFile, 3>& assets() {
  static const std::array<StaticFile, 3> all = {
      asset("swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            embedded(agentry_docs_bundle_js, agentry_docs_bundle_js_end),
            embedded(agentry_docs_bundle_js_gz, agentry_docs_bundle_js_gz_end)),
      asset("swagger-ui.css", "text/css; charset=utf-8",
            embedded(agentry_docs_css, agentry_docs_css_end),
            embedded(agentry_docs_css_gz, agentry_docs_css_gz_end)),
      asset("init.js", "text/javascript; charset=utf-8", init_js, {}),
  };
  return all;
}

}  // namespace

const StaticFile* find_asset(std::string_view name) {
  for (const StaticFile& a : assets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace agentry::api::docs
