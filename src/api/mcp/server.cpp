#include "api/mcp/server.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

#include "api/await_db.hpp"
#include "core/json_escape.hpp"
#include "core/limits.hpp"
#include "domain/models.hpp"
#include "domain/runs.hpp"
#include "domain/scopes.hpp"
#include "runtime/notifier.hpp"

namespace agentry::api::mcp {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::array<std::string_view, 3> spoken = {latest_protocol, "2025-06-18", "2025-03-26"};
constexpr std::int64_t events_per_read = 100;
constexpr std::string_view run_scope = "runs:write";

// An agent's tool name: its model id with "__" for "/" (tool names hold no "/").
std::string tool_name_of(const std::string& model_id) {
  const std::size_t slash = model_id.find('/');
  return model_id.substr(0, slash) + "__" + model_id.substr(slash + 1);
}

// The model id an agent tool's name stands for, or "" when it is no agent tool's name.
std::string model_of(std::string_view tool_name) {
  const std::size_t at = tool_name.find("__");
  if (at == std::string_view::npos || at == 0 || at + 2 == tool_name.size()) return {};
  return std::string(tool_name.substr(0, at)) + "/" + std::string(tool_name.substr(at + 2));
}

std::string text_of(const json::object& object, std::string_view name) {
  const json::value* v = object.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// One progress notification for a run's event: `count` events so far (progress only grows).
std::string progress_text(const json::value& token, std::int64_t count,
                          const store::RunEventRecord& event) {
  boost::system::error_code ec;
  const json::value data = json::parse(event.data, ec);
  const json::object empty;
  const json::object& fields = !ec && data.is_object() ? data.get_object() : empty;
  std::string message = event.type;
  if (event.type == "progress") {
    if (const auto* percent = fields.if_contains("progress")) {
      message += " " + json::serialize(*percent) + "%";
    }
  }
  for (std::string_view field : {"status", "name", "message"}) {
    if (std::string detail = text_of(fields, field); !detail.empty()) message += ": " + detail;
  }
  return notification_text("notifications/progress",
                           {{"progressToken", token}, {"progress", count}, {"message", message}});
}

// The "data" object of a route's successful JSON answer (empty when it has none).
json::object data_object(const http::Response& response) {
  if (response.status >= 300) return {};
  boost::system::error_code ec;
  json::value body = json::parse(response.body, ec);
  const auto* data = !ec && body.is_object() ? body.get_object().if_contains("data") : nullptr;
  return data != nullptr && data->is_object() ? data->get_object() : json::object{};
}

json::value progress_token_of(const json::object& params) {
  const auto* meta = params.if_contains("_meta");
  const auto* token = meta != nullptr && meta->is_object()
                          ? meta->get_object().if_contains("progressToken")
                          : nullptr;
  if (token == nullptr || !(token->is_string() || token->is_int64() || token->is_uint64())) {
    return nullptr;
  }
  return *token;
}

}  // namespace

bool speaks(std::string_view version) {
  return std::find(spoken.begin(), spoken.end(), version) != spoken.end();
}

std::string_view negotiate(std::string_view requested) {
  return speaks(requested) ? requested : latest_protocol;
}

void Server::attach(Api& api) {
  api_ = &api;
  for (const ToolSpec& tool : builtin_tools()) {
    const RouteSpec* route = api.route_named(tool.operation_id);
    if (route == nullptr) throw std::logic_error("MCP tool " + tool.name + ": no route");
    schemas_.push_back(input_schema(tool, *route));
    scopes_.push_back(route->scope);
  }
  const ToolSpec* run = builtin_tool("run_agent");
  ToolSpec agent_tool = *run;
  agent_tool.id_argument.clear();
  agent_schema_ = input_schema(agent_tool, *api.route_named(run->operation_id));
}

json::object Server::initialize_result(std::string_view protocol_version) const {
  return {{"protocolVersion", protocol_version},
          {"capabilities",
           {{"tools", {{"listChanged", false}}},
            {"resources", {{"listChanged", false}, {"subscribe", false}}}}},
          {"serverInfo",
           {{"name", "agentry"}, {"title", "agentry"}, {"version", services_.options.version}}},
          {"instructions",
           "agentry hosts AI agents and a marketplace of tasks paid in credits. Tools act as "
           "the API key's account, within its scopes: list, search and run agents, chat with "
           "hosted ones, search their knowledge, post and settle tasks, read the balance. "
           "Each agent you may use is also a tool of its own (<owner>__<agent>). Resources are "
           "your agents' SOUL.md, WORKFLOW.md and installed skills."}};
}

bool Server::may_notify(const Message& message) {
  if (message.method != "tools/call" || progress_token_of(message.params).is_null()) return false;
  const std::string name = text_of(message.params, "name");
  const ToolSpec* tool = builtin_tool(name);
  return tool != nullptr ? tool->follows_run : !model_of(name).empty();
}

asio::awaitable<Answer> Server::answer(Caller caller, Message message, Notify notify) {
  const std::string& method = message.method;
  if (method == "ping") co_return std::string("{}");
  if (method == "tools/list") co_return co_await list_tools(std::move(caller));
  if (method == "tools/call") {
    co_return co_await call_tool(std::move(caller), std::move(message.params), std::move(notify));
  }
  if (method == "resources/list") {
    co_return co_await list_resources(std::move(caller), std::move(message.params));
  }
  if (method == "resources/read") {
    co_return co_await read_resource(std::move(caller), std::move(message.params));
  }
  if (method == "resources/templates/list") {
    json::array templates;
    for (auto [uri, name] :
         {std::pair{"agentry://agents/{agentId}/SOUL.md", "An agent's SOUL.md"},
          std::pair{"agentry://agents/{agentId}/WORKFLOW.md", "An agent's WORKFLOW.md"},
          std::pair{"agentry://agents/{agentId}/skills/{skillId}/SKILL.md",
                    "A skill installed on an agent, at the version in effect"}}) {
      templates.push_back(
          json::object{{"uriTemplate", uri}, {"name", name}, {"mimeType", "text/markdown"}});
    }
    co_return json::serialize(json::object{{"resourceTemplates", std::move(templates)}});
  }
  if (method == "initialize") {
    co_return RpcError{RpcCode::invalid_request, "this session is initialized already"};
  }
  co_return RpcError{RpcCode::method_not_found, "no method " + method + " on this server"};
}

asio::awaitable<Answer> Server::list_tools(Caller caller) {
  const std::vector<std::string>& granted = caller.principal->scopes;
  json::array tools;
  const auto& specs = builtin_tools();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (!scopes_[i].empty() && !scopes::allows(granted, scopes_[i])) continue;
    const ToolSpec& t = specs[i];
    tools.push_back(json::object{{"name", t.name},
                                 {"title", t.title},
                                 {"description", t.description},
                                 {"inputSchema", schemas_[i]},
                                 {"annotations", {{"readOnlyHint", t.read_only}}}});
  }
  if (scopes::allows(granted, run_scope)) {
    const std::string account = caller.principal->account_id;
    // Remote agents too: a tool runs its agent, which needs no chat.
    auto usable = co_await db_read(
        services_.db, [&](store::Tx& tx) { return models::list(tx, account, models::Kinds::all); });
    for (const models::Model& m : usable) {
      const std::string title = m.agent.display_name.empty() ? m.id : m.agent.display_name;
      tools.push_back(json::object{
          {"name", tool_name_of(m.id)},
          {"title", title},
          {"description", "Runs the agent " + m.id + " and answers its result" +
                              (m.agent.description.empty() ? "." : ": " + m.agent.description)},
          {"inputSchema", agent_schema_},
          {"annotations", {{"readOnlyHint", false}}}});
    }
  }
  co_return json::serialize(json::object{{"tools", std::move(tools)}});
}

asio::awaitable<Answer> Server::call_tool(Caller caller, json::object params, Notify notify) {
  const std::string name = text_of(params, "name");
  json::object arguments;
  if (const auto* given = params.if_contains("arguments")) {
    if (!given->is_object())
      co_return RpcError{RpcCode::invalid_params, "arguments: not an object"};
    arguments = given->get_object();
  }
  const json::value token = progress_token_of(params);
  const ToolSpec* tool = builtin_tool(name);
  std::string agent_id;
  if (tool == nullptr) {
    const std::string model = model_of(name);
    if (model.empty()) co_return RpcError{RpcCode::invalid_params, "unknown tool: " + name};
    const std::string account = caller.principal->account_id;
    auto found = co_await db_read(services_.db,
                                  [&](store::Tx& tx) { return models::find(tx, account, model); });
    if (!found) co_return RpcError{RpcCode::invalid_params, "unknown tool: " + name};
    agent_id = found->agent.id;
    tool = builtin_tool("run_agent");
    arguments[tool->id_argument] = agent_id;
  }
  const RouteSpec& route = *api_->route_named(tool->operation_id);
  auto split = route_arguments(*tool, route, arguments);
  if (auto* refused = std::get_if<std::string>(&split)) {
    co_return json::serialize(
        json::object{{"content", json::array{json::object{{"type", "text"}, {"text", *refused}}}},
                     {"isError", true}});
  }
  co_return co_await run_tool(std::move(caller), *tool, std::move(std::get<RouteArguments>(split)),
                              token, std::move(notify));
}

asio::awaitable<http::Response> Server::call_route(Caller caller, std::string operation_id,
                                                   RouteArguments arguments) {
  Invocation invocation{.principal = std::move(caller.principal),
                        .plan = caller.plan,
                        .request_id = std::move(caller.request_id),
                        .remote_address = std::move(caller.remote_address),
                        .operation_id = std::move(operation_id),
                        .path_params = std::move(arguments.path_params),
                        .query = std::move(arguments.query),
                        .body = std::move(arguments.body)};
  co_return co_await api_->invoke(std::move(invocation));
}

asio::awaitable<std::string> Server::run_tool(Caller caller, const ToolSpec& tool,
                                              RouteArguments arguments, json::value progress_token,
                                              Notify notify) {
  http::Response answer = co_await call_route(caller, tool.operation_id, std::move(arguments));
  if (!tool.follows_run || answer.status >= 300) co_return tool_result(answer);
  const std::string run_id = text_of(data_object(answer), "id");
  if (run_id.empty()) co_return tool_result(answer);
  co_return co_await follow_run(std::move(caller), run_id, std::move(progress_token),
                                std::move(notify));
}

asio::awaitable<std::string> Server::follow_run(Caller caller, std::string run_id,
                                                json::value progress_token, Notify notify) {
  auto news =
      services_.notifier.subscribe(runs::wake_key(run_id), co_await asio::this_coro::executor);
  const std::string account = caller.principal->account_id;
  const std::int64_t deadline_ms = services_.clock.now_ms() + limits::run_wait_max_ms;
  std::int64_t after = 0;
  std::int64_t reported = 0;
  bool listening = true;
  for (bool ended = false; !ended;) {
    auto events = co_await db_read(services_.db, [&](store::Tx& tx) {
      return runs::events_after(tx, account, run_id, after, events_per_read);
    });
    if (!events) break;
    for (const auto& event : *events) {
      after = event.seq;
      ended = runs::is_final_event(event);
      // Deltas (the output as it streams) are the result's, not progress.
      if (!progress_token.is_null() && event.type != "delta") {
        listening = co_await notify(progress_text(progress_token, ++reported, event));
      }
      if (ended || !listening) break;
    }
    const std::int64_t left_ms = deadline_ms - services_.clock.now_ms();
    if (ended || !listening || left_ms <= 0) break;
    if (static_cast<std::int64_t>(events->size()) < events_per_read) {
      co_await news->wait(std::min(left_ms, limits::stream_recheck_ms));
    }
  }
  RouteArguments read;
  read.path_params.emplace_back("id", run_id);
  http::Response answer = co_await call_route(std::move(caller), "getRun", std::move(read));
  co_return tool_result(answer, text_of(data_object(answer), "status") != "completed");
}

std::string tool_result(const http::Response& response, bool failed) {
  failed = failed || response.status >= 300;
  // A refusal's text is its error's code and message, in whichever envelope the route answers.
  std::string refusal;
  if (response.status >= 300) {
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    const auto* error = !ec && body.is_object() ? body.get_object().if_contains("error") : nullptr;
    if (error != nullptr && error->is_object()) {
      const std::string code = text_of(error->get_object(), "code");
      refusal = (code.empty() ? "" : code + ": ") + text_of(error->get_object(), "message");
    }
  }
  std::string_view text = response.status >= 300 ? std::string_view(refusal) : response.body;
  if (text.empty()) text = failed ? "refused" : "done";
  // The route's JSON goes in as it came: written by our own views, it needs no second parse.
  std::string out = R"({"content":[{"type":"text","text":)";
  append_json_string(out, text);
  out += R"(}],"isError":)";
  out += failed ? "true" : "false";
  if (response.content_type.starts_with("application/json") && response.body.starts_with('{')) {
    out += R"(,"structuredContent":)";
    out += response.body;
  }
  out += '}';
  return out;
}

}  // namespace agentry::api::mcp
