#pragma once

#include <boost/json/object.hpp>

#include <memory>
#include <vector>

#include "api/mcp/server.hpp"
#include "api/route.hpp"

// The Model Context Protocol's Streamable HTTP transport at /mcp: POST carries one JSON-RPC
// message and is answered in JSON, or in Server-Sent Events when progress notifications come
// first; DELETE ends the session. An API key (bearer) authenticates every request.
namespace agentry::api::mcp {

// POST and DELETE /mcp, answered by `server` (attached to the Api once it is built).
std::vector<RouteSpec> all_routes(const std::shared_ptr<Server>& server);

// The surface's schemas, for the OpenAPI document's components.
boost::json::object component_schemas();

}  // namespace agentry::api::mcp
