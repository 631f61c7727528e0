#pragma once

#include <vector>

#include "api/route.hpp"

// /docs: the API reference for people, Swagger UI over /openapi.json, served from the binary.
namespace agentry::api::docs {

// GET /docs and GET /docs/{file}.
std::vector<RouteSpec> all_routes();

}  // namespace agentry::api::docs
