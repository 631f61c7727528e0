#pragma once

#include <string_view>

#include "api/static_files.hpp"

// The dashboard's files: the single-page app bundled from web/dashboard by web/build.mjs (Preact
// and uPlot from web/package-lock.json) at build time, embedded in the binary with gzipped
// copies. Each is served under a name that holds a hash of its bytes, so that it can be cached
// for good; the page that names them is served fresh.
namespace agentry::api::dashboard {

// The page at /, naming the script and the stylesheet by their hashed names.
const StaticFile& page();

// The file served as /assets/`name`, or nullptr.
const StaticFile* find_asset(std::string_view name);

}  // namespace agentry::api::dashboard
