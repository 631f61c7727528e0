#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "api/route.hpp"

// MCP tools over REST routes: each tool calls one route of /v1, and its input schema is that
// route's declaration (the path's {id}, its query parameters, its body's properties), so a tool
// takes exactly what the route takes and is refused as the route refuses.
namespace agentry::api::mcp {

struct ToolSpec {
  std::string name;  // "run_agent"
  std::string title;
  std::string description;  // said before the route's summary
  std::string operation_id;
  std::string id_argument;            // the argument that fills the route's {id}; "" for none
  std::vector<std::string> left_out;  // body properties the tool does not offer
  bool follows_run = false;  // the route starts a run: the tool waits for its end with progress
  bool read_only = false;
};

// The tools every key may be offered (each as its scopes allow).
const std::vector<ToolSpec>& builtin_tools();

// The tool named `name`, or nullptr.
const ToolSpec* builtin_tool(std::string_view name);

// The tool's JSON Schema of its arguments, from `route`'s declaration.
boost::json::object input_schema(const ToolSpec& tool, const RouteSpec& route);

// A tool call's arguments as the route's parts.
struct RouteArguments {
  std::vector<std::pair<std::string, std::string>> path_params;
  std::vector<std::pair<std::string, std::string>> query;
  boost::json::value body;  // null when the route takes none
};

// Splits `arguments` into the route's path, query and body; the refusal's message when an
// argument has no place (the route's own checks then judge each value).
std::variant<RouteArguments, std::string> route_arguments(const ToolSpec& tool,
                                                          const RouteSpec& route,
                                                          const boost::json::object& arguments);

}  // namespace agentry::api::mcp
