#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

#include "api/mcp/server.hpp"

// MCP resources: the caller's agents' SOUL.md and WORKFLOW.md and the skills installed on them,
// read through the same routes as /v1/agents/{id}/personality, /workflow and /skills.
namespace agentry::api::mcp {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view scheme = "agentry://agents/";
constexpr std::int64_t agents_per_page = 20;

// The JSON of a route's successful answer's "data", or nothing.
std::optional<json::value> data_of(const http::Response& response) {
  if (response.status >= 300) return std::nullopt;
  boost::system::error_code ec;
  json::value body = json::parse(response.body, ec);
  if (ec || !body.is_object()) return std::nullopt;
  const auto* data = body.get_object().if_contains("data");
  if (data == nullptr) return std::nullopt;
  return *data;
}

std::string text_in(const json::value& v, std::string_view name) {
  const auto* object = v.if_object();
  const auto* field = object != nullptr ? object->if_contains(name) : nullptr;
  return field != nullptr && field->is_string() ? std::string(field->get_string()) : "";
}

// The refusal of a resource the caller cannot read, with the route's reason when it gave one.
RpcError not_readable(const std::string& uri, const http::Response& response) {
  std::string message = "no resource " + uri;
  boost::system::error_code ec;
  json::value body = json::parse(response.body, ec);
  if (!ec && body.is_object()) {
    if (const auto* error = body.get_object().if_contains("error")) {
      if (std::string why = text_in(*error, "message"); !why.empty()) message += ": " + why;
    }
  }
  return {RpcCode::resource_not_found, std::move(message)};
}

json::object resource(std::string uri, std::string name, std::string title,
                      std::string description) {
  return {{"uri", std::move(uri)},
          {"name", std::move(name)},
          {"title", std::move(title)},
          {"description", std::move(description)},
          {"mimeType", "text/markdown"}};
}

json::object contents(const std::string& uri, std::string text) {
  return {
      {"contents", json::array{json::object{
                       {"uri", uri}, {"mimeType", "text/markdown"}, {"text", std::move(text)}}}}};
}

}  // namespace

asio::awaitable<Answer> Server::list_resources(Caller caller, json::object params) {
  std::int64_t offset = 0;
  if (const auto* cursor = params.if_contains("cursor")) {
    const std::string_view text =
        cursor->is_string() ? std::string_view(cursor->get_string()) : std::string_view();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), offset);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || offset < 0) {
      co_return RpcError{RpcCode::invalid_params, "cursor: not a cursor this server gave"};
    }
  }
  RouteArguments page;
  page.query = {{"limit", std::to_string(agents_per_page)}, {"offset", std::to_string(offset)}};
  http::Response listed = co_await call_route(caller, "listAgents", std::move(page));
  json::array resources;
  const std::optional<json::value> agents = data_of(listed);
  // A key without agents:read has no resources to list.
  if (!agents || !agents->is_array()) {
    co_return json::serialize(json::object{{"resources", std::move(resources)}});
  }
  for (const json::value& agent : agents->get_array()) {
    const std::string id = text_in(agent, "id");
    const std::string name = text_in(agent, "name");
    const std::string root = std::string(scheme) + id + "/";
    resources.push_back(resource(root + "SOUL.md", name + "/SOUL.md", "SOUL.md of " + name,
                                 "The agent's personality."));
    resources.push_back(resource(root + "WORKFLOW.md", name + "/WORKFLOW.md",
                                 "WORKFLOW.md of " + name, "How the agent works."));
    RouteArguments of_agent;
    of_agent.path_params.emplace_back("id", id);
    const std::optional<json::value> skills =
        data_of(co_await call_route(caller, "listAgentSkills", std::move(of_agent)));
    if (!skills || !skills->is_array()) continue;
    for (const json::value& installed : skills->get_array()) {
      const json::value& skill = installed.as_object().at("skill");
      const std::string skill_name = text_in(skill, "name");
      std::string uri = root;
      uri.append("skills/").append(text_in(skill, "id")).append("/SKILL.md");
      std::string title = skill_name;
      title.append(" on ").append(name);
      std::string label = name;
      label.append("/skills/").append(skill_name);
      resources.push_back(resource(std::move(uri), std::move(label), std::move(title),
                                   text_in(skill, "description")));
    }
  }
  json::object result{{"resources", std::move(resources)}};
  if (static_cast<std::int64_t>(agents->get_array().size()) == agents_per_page) {
    result["nextCursor"] = std::to_string(offset + agents_per_page);
  }
  co_return json::serialize(result);
}

asio::awaitable<Answer> Server::read_resource(Caller caller, json::object params) {
  const std::string uri = text_in(params, "uri");
  if (!uri.starts_with(scheme)) {
    co_return RpcError{RpcCode::resource_not_found,
                       "no resource " + uri + ": resources are agentry://agents/…"};
  }
  const std::string path = uri.substr(scheme.size());
  const std::size_t slash = path.find('/');
  const std::string agent_id = path.substr(0, slash);
  const std::string rest = slash == std::string::npos ? "" : path.substr(slash + 1);
  RouteArguments of_agent;
  of_agent.path_params.emplace_back("id", agent_id);
  if (rest == "SOUL.md" || rest == "WORKFLOW.md") {
    const bool soul = rest == "SOUL.md";
    http::Response read = co_await call_route(
        caller, soul ? "getAgentPersonality" : "getAgentWorkflow", std::move(of_agent));
    const std::optional<json::value> data = data_of(read);
    if (!data) co_return not_readable(uri, read);
    co_return json::serialize(contents(uri, text_in(*data, soul ? "soulMd" : "workflowMd")));
  }
  constexpr std::string_view skill_file = "/SKILL.md";
  if (!rest.starts_with("skills/") || !rest.ends_with(skill_file)) {
    co_return RpcError{RpcCode::resource_not_found, "no resource " + uri};
  }
  const std::string skill_id = rest.substr(7, rest.size() - 7 - skill_file.size());
  of_agent.path_params.emplace_back("skillId", skill_id);
  http::Response installed = co_await call_route(caller, "getAgentSkill", std::move(of_agent));
  const std::optional<json::value> data = data_of(installed);
  if (!data) co_return not_readable(uri, installed);
  RouteArguments version;
  version.path_params.emplace_back("id", text_in(data->at("skill"), "id"));
  version.path_params.emplace_back("version", json::serialize(data->at("version")));
  http::Response read = co_await call_route(caller, "getSkillVersion", std::move(version));
  const std::optional<json::value> text = data_of(read);
  if (!text) co_return not_readable(uri, read);
  co_return json::serialize(contents(uri, text_in(*text, "content")));
}

}  // namespace agentry::api::mcp
