#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/api.hpp"
#include "api/mcp/jsonrpc.hpp"
#include "api/mcp/session_cache.hpp"
#include "api/mcp/tools.hpp"

// The MCP server behind /mcp: its methods (tools, resources, ping) answered over the same routes
// as /v1, so that a tool is paid, limited, checked and logged exactly as the REST call it makes.
namespace agentry::api::mcp {

// The revision this server implements, and the older ones it also answers in.
inline constexpr std::string_view latest_protocol = "2025-11-25";
// True for a revision this server speaks.
bool speaks(std::string_view version);
// The revision for a client that asks for `requested`: the same when spoken, else the latest.
std::string_view negotiate(std::string_view requested);

// Who sends a message, as the request carrying it was admitted.
struct Caller {
  std::shared_ptr<const auth::Principal> principal;
  const plans::Plan* plan = nullptr;
  std::string request_id;
  std::string remote_address;
};

// Sends one notification (its JSON-RPC text) before the answer, or drops it (a JSON answer);
// false once the client has gone.
using Notify = std::function<boost::asio::awaitable<bool>(std::string)>;

// A request's result (its JSON text), or its error.
using Answer = std::variant<std::string, RpcError>;

class Server {
 public:
  explicit Server(Services& services) : services_(services) {}

  // Called once the Api is built: the tools call its routes and take their schemas from them.
  // Throws std::logic_error when a tool names no route.
  void attach(Api& api);

  // initialize's result for the agreed revision.
  boost::json::object initialize_result(std::string_view protocol_version) const;

  // True when answering `message` may send notifications first: a tool that runs an agent,
  // called with a progress token.
  static bool may_notify(const Message& message);

  // Answers a request other than initialize (which opens the session, the route's part).
  boost::asio::awaitable<Answer> answer(Caller caller, Message message, Notify notify);

  // The sessions this node found lately.
  SessionCache& sessions() { return sessions_; }

 private:
  boost::asio::awaitable<Answer> list_tools(Caller caller);
  boost::asio::awaitable<Answer> call_tool(Caller caller, boost::json::object params,
                                           Notify notify);
  boost::asio::awaitable<Answer> list_resources(Caller caller, boost::json::object params);
  boost::asio::awaitable<Answer> read_resource(Caller caller, boost::json::object params);
  // Calls the route `operation_id` as `caller`.
  boost::asio::awaitable<http::Response> call_route(Caller caller, std::string operation_id,
                                                    RouteArguments arguments);
  // Runs a tool: calls its route and, for a run, waits for the run's end.
  boost::asio::awaitable<std::string> run_tool(Caller caller, const ToolSpec& tool,
                                               RouteArguments arguments,
                                               boost::json::value progress_token, Notify notify);
  // Waits for the run `run_id` to end (or run_wait_max_ms, or the client to go), sending a
  // progress notification for each of its events when the call gave a progress token; answers
  // the run as the tool's result. The run goes on whatever the client does.
  boost::asio::awaitable<std::string> follow_run(Caller caller, std::string run_id,
                                                 boost::json::value progress_token, Notify notify);

  Services& services_;
  Api* api_ = nullptr;
  std::vector<boost::json::object> schemas_;  // of builtin_tools(), in order
  boost::json::object agent_schema_;          // of an agent as a tool: a run's
  std::vector<std::string> scopes_;           // of builtin_tools()' routes, in order
  SessionCache sessions_;
};

// A route's answer as a tool's result (JSON text): its JSON as structuredContent and as text; a
// refusal as isError with the error's code and message. `failed`: isError all the same (a run
// that did not complete).
std::string tool_result(const http::Response& response, bool failed = false);

}  // namespace agentry::api::mcp
