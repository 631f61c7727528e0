#pragma once

#include <string>
#include <vector>

#include "api/route.hpp"

// /docs: the API reference for people, Swagger UI over /openapi.json, served from the binary.
namespace agentry::api::docs {

// GET <prefix>/docs and GET <prefix>/docs/{file}: the page reads <prefix>/openapi.json (its
// paths are relative), so a surface with a prefix of its own serves its own reference.
std::vector<RouteSpec> all_routes(const std::string& prefix = "");

}  // namespace agentry::api::docs
