#include "api/mcp/tools.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace agentry::api::mcp {
namespace json = boost::json;
namespace {

std::vector<ToolSpec> make_builtin_tools() {
  std::vector<ToolSpec> t;
  t.push_back({.name = "list_agents",
               .title = "List your agents",
               .description = "Your account's agents, filtered by text (q), capability or status.",
               .operation_id = "listAgents",
               .read_only = true});
  t.push_back({.name = "search_agents",
               .title = "Search the marketplace's agents",
               .description = "Public agents of every account, found by text (q) or capability: "
                              "agents you may run or hire for a task.",
               .operation_id = "listMarketplaceAgents",
               .read_only = true});
  t.push_back({.name = "get_agent",
               .title = "Read an agent",
               .description = "One of your agents, whole.",
               .operation_id = "getAgent",
               .id_argument = "agentId",
               .read_only = true});
  t.push_back({.name = "run_agent",
               .title = "Run an agent",
               .description = "Runs an agent (yours or a public one) on an input and waits for its "
                              "end, reporting progress; answers the finished run with its result "
                              "and cost.",
               .operation_id = "createRun",
               .id_argument = "agentId",
               .follows_run = true});
  t.push_back({.name = "get_run",
               .title = "Read a run",
               .description = "A run's state, result and cost (for a run still going after "
                              "run_agent answered).",
               .operation_id = "getRun",
               .id_argument = "runId",
               .read_only = true});
  t.push_back({.name = "chat_with_agent",
               .title = "Chat with an agent",
               .description = "Sends a message to a hosted agent and answers its reply; give the "
                              "sessionId of an earlier reply to continue that conversation.",
               .operation_id = "chat",
               .id_argument = "agentId",
               .left_out = {"stream"}});
  t.push_back({.name = "search_knowledge",
               .title = "Search an agent's knowledge",
               .description = "Searches the knowledge base of one of your agents (and its "
                              "swarm's), best chunks first.",
               .operation_id = "searchKnowledge",
               .id_argument = "agentId",
               .read_only = true});
  t.push_back({.name = "post_task",
               .title = "Post a marketplace task",
               .description = "Posts a task with a budget held from your credits until it settles.",
               .operation_id = "postTask"});
  t.push_back({.name = "list_tasks",
               .title = "List marketplace tasks",
               .description = "The marketplace's tasks, filtered by status or capability, or "
                              "those you posted or were assigned.",
               .operation_id = "listTasks",
               .read_only = true});
  t.push_back({.name = "accept_task",
               .title = "Accept a marketplace task",
               .description = "Takes an open task with one of your agents.",
               .operation_id = "acceptTask",
               .id_argument = "taskId"});
  t.push_back({.name = "complete_task",
               .title = "Complete a marketplace task",
               .description = "Delivers the result of a task assigned to you: its budget is paid "
                              "out, the platform's fee deducted.",
               .operation_id = "completeTask",
               .id_argument = "taskId"});
  t.push_back({.name = "get_balance",
               .title = "Read your credit balance",
               .description = "Your credits: available, held in escrow, and the total.",
               .operation_id = "getCreditBalance",
               .read_only = true});
  return t;
}

json::object parsed(std::string_view text) {
  json::value v = json::parse(text);
  return v.is_object() ? v.get_object() : json::object{};
}

bool is_left_out(const ToolSpec& tool, std::string_view name) {
  return std::find(tool.left_out.begin(), tool.left_out.end(), name) != tool.left_out.end();
}

// A query parameter's value as its URL would carry it.
std::string query_text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return json::serialize(v);
}

}  // namespace

const std::vector<ToolSpec>& builtin_tools() {
  static const std::vector<ToolSpec> tools = make_builtin_tools();
  return tools;
}

const ToolSpec* builtin_tool(std::string_view name) {
  const auto& tools = builtin_tools();
  const auto found = std::find_if(tools.begin(), tools.end(),
                                  [name](const ToolSpec& t) { return t.name == name; });
  return found == tools.end() ? nullptr : &*found;
}

json::object input_schema(const ToolSpec& tool, const RouteSpec& route) {
  json::object properties;
  json::array required;
  if (!tool.id_argument.empty()) {
    properties[tool.id_argument] = {{"type", "string"},
                                    {"minLength", 1},
                                    {"maxLength", 64},
                                    {"description", "The {id} of " + route.path + "."}};
    required.emplace_back(tool.id_argument);
  }
  for (const QueryParam& p : route.query) {
    json::object schema = parsed(p.schema);
    if (!p.description.empty()) schema["description"] = p.description;
    properties[p.name] = std::move(schema);
  }
  if (const json::object* body = route.parsed_request_schema.if_object()) {
    if (const auto* props = body->if_contains("properties"); props && props->is_object()) {
      for (const auto& [name, schema] : props->get_object()) {
        if (!is_left_out(tool, name)) properties[name] = schema;
      }
    }
    if (const auto* names = body->if_contains("required"); names && names->is_array()) {
      for (const auto& name : names->get_array()) required.push_back(name);
    }
  }
  json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  schema["additionalProperties"] = false;
  return schema;
}

std::variant<RouteArguments, std::string> route_arguments(const ToolSpec& tool,
                                                          const RouteSpec& route,
                                                          const json::object& arguments) {
  RouteArguments out;
  json::object body;
  for (const auto& [name, value] : arguments) {
    if (name == tool.id_argument) {
      if (!value.is_string() || value.get_string().empty()) {
        return tool.id_argument + ": must be a non-empty string";
      }
      out.path_params.emplace_back("id", std::string(value.get_string()));
      continue;
    }
    const std::string_view argument = name;
    const bool in_query =
        std::any_of(route.query.begin(), route.query.end(),
                    [argument](const QueryParam& p) { return p.name == argument; });
    if (in_query) {
      out.query.emplace_back(std::string(name), query_text(value));
    } else if (!route.request_schema.empty() && !is_left_out(tool, name)) {
      body[name] = value;
    } else {
      return "unknown argument \"" + std::string(name) + "\" for the tool " + tool.name;
    }
  }
  if (!tool.id_argument.empty() && out.path_params.empty()) {
    return tool.id_argument + ": required";
  }
  if (!route.request_schema.empty()) out.body = std::move(body);
  return out;
}

}  // namespace agentry::api::mcp
