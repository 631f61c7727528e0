#include "api/dashboard/assets.hpp"

#include <array>
#include <string>

#include "core/crypto.hpp"

// The build passes AGENTRY_DASHBOARD_DIR: where web/build.mjs wrote the bundle and its gzipped
// copies.
// NOLINTBEGIN(cppcoreguidelines-avoid-c-arrays,modernize-avoid-c-arrays)
__asm__(AGENTRY_EMBED(agentry_dashboard_js, AGENTRY_DASHBOARD_DIR "/dashboard.js")
            AGENTRY_EMBED(agentry_dashboard_js_gz, AGENTRY_DASHBOARD_DIR "/dashboard.js.gz")
                AGENTRY_EMBED(agentry_dashboard_css, AGENTRY_DASHBOARD_DIR "/dashboard.css")
                    AGENTRY_EMBED(agentry_dashboard_css_gz,
                                  AGENTRY_DASHBOARD_DIR "/dashboard.css.gz"));

extern "C" {
extern const char agentry_dashboard_js[], agentry_dashboard_js_end[];
extern const char agentry_dashboard_js_gz[], agentry_dashboard_js_gz_end[];
extern const char agentry_dashboard_css[], agentry_dashboard_css_end[];
extern const char agentry_dashboard_css_gz[], agentry_dashboard_css_gz_end[];
}
// NOLINTEND(cppcoreguidelines-avoid-c-arrays,modernize-avoid-c-arrays)

namespace agentry::api::dashboard {
namespace {

std::string hashed_name(std::string_view body, std::string_view extension) {
  return "dashboard-" + crypto::sha256_hex(body).substr(0, 16) + std::string(extension);
}

// The color scheme is the system's (the stylesheet follows prefers-color-scheme); the script
// renders into #app. Nothing is loaded from elsewhere (the Content-Security-Policy says so too).
std::string page_of(const std::string& script, const std::string& style) {
  return R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>agentry</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/)" +
         style + R"(">
<script type="module" src="assets/)" +
         script + R"("></script>
</head>
<body>
<div id="app"><noscript>The agentry dashboard needs JavaScript.</noscript></div>
</body>
</html>
)";
}

// Built in place once: the files' names and the page are views into its own strings.
struct Files {
  Files() {
    const std::string_view js = embedded(agentry_dashboard_js, agentry_dashboard_js_end);
    const std::string_view css = embedded(agentry_dashboard_css, agentry_dashboard_css_end);
    script_name = hashed_name(js, ".js");
    style_name = hashed_name(css, ".css");
    assets = {
        StaticFile{script_name, "text/javascript; charset=utf-8", js,
                   embedded(agentry_dashboard_js_gz, agentry_dashboard_js_gz_end), etag_of(js)},
        StaticFile{style_name, "text/css; charset=utf-8", css,
                   embedded(agentry_dashboard_css_gz, agentry_dashboard_css_gz_end), etag_of(css)}};
    page_html = page_of(script_name, style_name);
    page = StaticFile{"index.html", "text/html; charset=utf-8", page_html, {}, etag_of(page_html)};
  }
  Files(const Files&) = delete;
  Files& operator=(const Files&) = delete;

  std::string script_name;  // dashboard-<hash>.js
  std::string style_name;   // dashboard-<hash>.css
  std::array<StaticFile, 2> assets;
  std::string page_html;
  StaticFile page;
};

const Files& files() {
  static const Files all;
  return all;
}

}  // namespace

const StaticFile& page() {
  return files().page;
}

const StaticFile* find_asset(std::string_view name) {
  for (const StaticFile& a : files().assets) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace agentry::api::dashboard
