#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "api/compat/natives.hpp"
#include "api/route.hpp"

// How the Agento surface writes its answers: errors as {"error": {code, message}} with its codes
// (a missing resource named: agent_not_found, swarm_not_found, ...), agents with their image.
namespace agentry::api::compat::agento {

// The surface's errors where a missing resource is `resource` ("agent": agent_not_found; "":
// not_found), one shape per resource.
const ErrorShape& errors_naming(std::string_view resource);

// {"data": agent} → the same with the agent's `image`.
std::string agent(std::string_view body);
// A {data, pagination} list of agents, each with its `image`.
std::string agent_list(std::string_view body);

// The schemas the routes refer to beyond the native ones: AgentoAgent, the error.
boost::json::object component_schemas(const Natives& natives);

}  // namespace agentry::api::compat::agento
