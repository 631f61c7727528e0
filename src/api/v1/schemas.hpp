#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

// Response schemas shared by routes, published under components.schemas in /openapi.json.
namespace agentry::api::v1 {

// Every shared schema by name.
boost::json::object component_schemas();

// {"type":"object","properties":{"data":{"$ref":"#/components/schemas/<name>"}}}
std::string data_of(std::string_view name);
// A paginated list of <name>.
std::string list_of(std::string_view name);

}  // namespace agentry::api::v1
