#pragma once

#include <string_view>

#include "api/static_files.hpp"

// The files of the API reference page (/docs): Swagger UI from the pinned npm package
// swagger-ui-dist (web/package-lock.json), embedded in the binary at build time with a gzipped
// copy of each, so that the page works offline and nothing is fetched from elsewhere.
namespace agentry::api::docs {

// The file called `name` (as served under /docs/), or nullptr.
const StaticFile* find_asset(std::string_view name);

}  // namespace agentry::api::docs
