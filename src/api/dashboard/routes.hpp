#pragma once

#include <vector>

#include "api/route.hpp"

// The web dashboard: GET / and GET /assets/{file}, served from the binary. The app calls the
// same public API as any client (signed in with POST /v1/web/session), so it can do nothing the
// API would refuse.
namespace agentry::api::dashboard {

std::vector<RouteSpec> all_routes();

}  // namespace agentry::api::dashboard
