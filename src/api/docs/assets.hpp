#pragma once

#include <string>
#include <string_view>

// The files of the API reference page (/docs): Swagger UI from the pinned npm package
// swagger-ui-dist (web/package-lock.json), embedded in the binary at build time with a gzipped
// copy of each, so that the page works offline and nothing is fetched from elsewhere.
namespace agentry::api::docs {

struct Asset {
  std::string_view name;  // as served under /docs/
  std::string_view content_type;
  std::string_view body;
  std::string_view gzipped;  // the same, gzip-compressed (empty: served as it is)
  std::string etag;          // a hash of `body`, quoted
};

// The ETag of a file whose bytes are `body`.
std::string etag_of(std::string_view body);

// The asset called `name`, or nullptr.
const Asset* find_asset(std::string_view name);

}  // namespace agentry::api::docs
