#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "api/route.hpp"

namespace agentry::api {

// The OpenAPI 3.1 document of `routes`, generated from the same declarations that the router and
// the validator use. `components` holds the shared schemas that routes refer to.
boost::json::object openapi_document(const std::vector<RouteSpec>& routes,
                                     const std::string& version, boost::json::object components);

}  // namespace agentry::api
