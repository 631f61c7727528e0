#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "api/route.hpp"

namespace agentry::api {

// What sets one surface's document apart: a seed system's surface under /compat/<system> has its
// own title, server URL, authentication and rate-limit header forms.
struct DocumentInfo {
  std::string title;        // empty: the native API's document
  std::string description;  // Markdown
  std::string prefix;       // the surface's server URL; its paths are written without it
  ResetForm reset = ResetForm::unix_seconds;
  bool bearer = true;                        // Authorization: Bearer <key>
  std::string api_key_header = "X-Api-Key";  // empty: none
};

// The OpenAPI 3.1 document of `routes`, generated from the same declarations that the router and
// the validator use. `components` holds the shared schemas that routes refer to. The native
// document (`info` without a title) leaves out the routes under /compat/, and a surface's holds
// only the routes under its prefix.
boost::json::object openapi_document(const std::vector<RouteSpec>& routes,
                                     const std::string& version, boost::json::object components,
                                     const DocumentInfo& info = {});

}  // namespace agentry::api
