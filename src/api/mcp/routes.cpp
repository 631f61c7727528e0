#include "api/mcp/routes.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/sse.hpp"
#include "domain/mcp_sessions.hpp"

namespace agentry::api::mcp {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

// Errors the pipeline answers before the handler (authentication, rate limit, a body that is
// not JSON), as JSON-RPC errors without an id.
std::string error_body(unsigned /*status*/, const Error& error, std::string_view /*request_id*/) {
  RpcCode code = RpcCode::server_error;
  if (error.code == Errc::bad_request) code = RpcCode::parse_error;
  if (error.code == Errc::validation_error) code = RpcCode::invalid_request;
  const std::string message = code == RpcCode::server_error
                                  ? std::string(errc_code(error.code)) + ": " + error.message
                                  : error.message;
  return error_text(nullptr, {code, message});
}

const ErrorShape error_shape{
    .schema = "JsonRpcError",
    .body = [](const ErrorShape&, unsigned status, const Error& error,
               std::string_view request_id) { return error_body(status, error, request_id); }};

http::Response rpc_error(unsigned status, const json::value& id, RpcCode code,
                         std::string message) {
  return json_text_reply(status, error_text(id, {code, std::move(message)}));
}

Caller caller_of(const Call& call) {
  return {.principal = call.principal,
          .plan = call.plan,
          .request_id = call.request.request_id,
          .remote_address = call.request.remote_address};
}

bool accepts(std::string_view accept, std::string_view type) {
  return accept.find(type) != std::string_view::npos;
}

// initialize: agrees on a revision and opens the session the client names from then on.
asio::awaitable<http::Response> initialize(std::shared_ptr<Server> server, Call& call,
                                           Message message) {
  const json::value* asked = message.params.if_contains("protocolVersion");
  if (asked == nullptr || !asked->is_string()) {
    co_return rpc_error(400, message.id, RpcCode::invalid_params,
                        "protocolVersion: the revision the client speaks is required");
  }
  const std::string version(negotiate(asked->get_string()));
  mcp_sessions::Session session{.protocol_version = version};
  if (const auto* info = message.params.if_contains("clientInfo"); info && info->is_object()) {
    if (const auto* name = info->get_object().if_contains("name"); name && name->is_string()) {
      session.client_name = std::string(name->get_string());
    }
  }
  const std::string id = co_await db_write(call.services.db, [&](store::Tx& tx) {
    return mcp_sessions::open(tx, call.account_id(), call.principal->key_id, session, call.now_ms);
  });
  http::Response r = json_text_reply(
      200, result_text(message.id, json::serialize(server->initialize_result(version))));
  r.set_header("Mcp-Session-Id", id);
  co_return r;
}

// The answer as Server-Sent Events: the notifications as they come, then the response.
asio::awaitable<void> stream_answer(std::shared_ptr<Server> server, Caller caller, Message message,
                                    StreamSlots::Slot /*slot*/, http::StreamSink& sink) {
  bool open = true;
  Notify notify = [&sink, &open](std::string text) -> asio::awaitable<bool> {
    if (open) open = co_await sink.write(sse_event("message", text));
    co_return open;
  };
  const json::value id = message.id;
  Answer answer = co_await server->answer(std::move(caller), std::move(message), notify);
  if (!open) co_return;
  if (auto* error = std::get_if<RpcError>(&answer)) {
    co_await sink.write(sse_event("message", error_text(id, *error)));
  } else {
    co_await sink.write(sse_event("message", result_text(id, std::get<std::string>(answer))));
  }
}

asio::awaitable<http::Response> post(std::shared_ptr<Server> server, Call& call) {
  // Each tool's route records its own change; the message that carried it is not one.
  call.activity_recorded = true;
  auto read = read_message(call.body);
  if (auto* refused = std::get_if<Refusal>(&read)) {
    co_return rpc_error(400, refused->id, refused->error.code, refused->error.message);
  }
  Message message = std::move(std::get<Message>(read));
  const std::string_view accept = call.request.header("accept");
  const bool json_ok = accept.empty() || accepts(accept, "application/json") ||
                       accepts(accept, "*/*") || accepts(accept, "application/*");
  const bool sse_ok = accepts(accept, "text/event-stream");
  if (!json_ok && !sse_ok) {
    co_return rpc_error(406, message.id, RpcCode::invalid_request,
                        "Accept: the answer is application/json or text/event-stream");
  }
  const std::string_view asked_version = call.request.header("mcp-protocol-version");
  if (!asked_version.empty() && !speaks(asked_version)) {
    co_return rpc_error(400, message.id, RpcCode::invalid_request,
                        "MCP-Protocol-Version: " + std::string(asked_version) +
                            " is not spoken here; this server speaks " +
                            std::string(latest_protocol) + ", 2025-06-18 and 2025-03-26");
  }
  if (message.kind == Message::Kind::request && message.method == "initialize") {
    co_return co_await initialize(std::move(server), call, std::move(message));
  }
  const std::string session_id(call.request.header("mcp-session-id"));
  if (session_id.empty()) {
    co_return rpc_error(400, message.id, RpcCode::invalid_request,
                        "Mcp-Session-Id: required after initialize");
  }
  const std::string& key_id = call.principal->key_id;
  if (!server->sessions().find(session_id, key_id, call.now_ms)) {
    auto session = co_await db_read(call.services.db, [&](store::Tx& tx) {
      return mcp_sessions::find(tx, session_id, key_id, call.now_ms);
    });
    if (!session) {
      co_return rpc_error(404, message.id, RpcCode::invalid_request, session.error().message);
    }
    server->sessions().put(session_id, key_id, std::move(*session), call.now_ms);
  }
  // Notifications (initialized, cancelled, progress) and responses need no answer.
  if (message.kind != Message::Kind::request) {
    http::Response accepted;
    accepted.status = 202;
    co_return accepted;
  }
  if (sse_ok && (Server::may_notify(message) || !json_ok)) {
    auto held = stream_slot(call);
    if (!held) co_return rpc_error(429, message.id, RpcCode::server_error, held.error().message);
    StreamSlots::Slot slot = std::move(*held);
    http::Response r;
    r.content_type = "text/event-stream";
    r.set_header("Cache-Control", "no-cache");
    r.stream = [server, caller = caller_of(call), message = std::move(message),
                slot = std::move(slot)](http::StreamSink& sink) {
      return stream_answer(server, caller, message, slot, sink);
    };
    co_return r;
  }
  const json::value id = message.id;
  Notify ignore = [](std::string) -> asio::awaitable<bool> { co_return true; };
  Caller caller = caller_of(call);
  Answer answer = co_await server->answer(std::move(caller), std::move(message), ignore);
  if (auto* error = std::get_if<RpcError>(&answer)) {
    co_return rpc_error(200, id, error->code, error->message);
  }
  co_return json_text_reply(200, result_text(id, std::get<std::string>(answer)));
}

asio::awaitable<http::Response> end_session(std::shared_ptr<Server> server, Call& call) {
  call.activity_recorded = true;
  const std::string session_id(call.request.header("mcp-session-id"));
  if (session_id.empty()) {
    co_return rpc_error(400, nullptr, RpcCode::invalid_request,
                        "Mcp-Session-Id: name the session to end");
  }
  auto closed = co_await db_write(call.services.db, [&](store::Tx& tx) {
    return mcp_sessions::close(tx, session_id, call.principal->key_id);
  });
  server->sessions().forget(session_id);
  if (!closed) co_return rpc_error(404, nullptr, RpcCode::invalid_request, closed.error().message);
  co_return no_content();
}

// Documents the message; the handler checks it, so that a refusal carries the message's id.
constexpr std::string_view message_schema = R"({
  "type": "object",
  "description": "One JSON-RPC 2.0 message of the Model Context Protocol: a request (method and id), a notification (method, no id) or a response (id and result or error). A batch (array) is refused.",
  "properties": {
    "jsonrpc": {"description": "\"2.0\""},
    "id": {"description": "A string or an integer: the request's, answered under it."},
    "method": {"description": "initialize, ping, tools/list, tools/call, resources/list, resources/read, resources/templates/list, or a notification's.", "example": "tools/list"},
    "params": {"description": "An object."},
    "result": {"description": "A response's result."},
    "error": {"description": "A response's error."}}})";

}  // namespace

std::vector<RouteSpec> all_routes(const std::shared_ptr<Server>& server) {
  std::vector<RouteSpec> r;
  r.push_back(
      {.method = "POST",
       .path = "/mcp",
       .operation_id = "mcpMessage",
       .tag = "MCP",
       .summary =
           "Send one MCP message (Streamable HTTP, revision 2025-11-25; 2025-06-18 and "
           "2025-03-26 also answered). initialize answers the Mcp-Session-Id header that every "
           "later message sends; MCP-Protocol-Version, when sent, must be a revision spoken here. "
           "A request is answered in JSON, or as Server-Sent Events (progress notifications, "
           "then the response) for a tool that runs an agent called with a progress token when "
           "Accept lists text/event-stream; a notification or a response is answered 202. "
           "Methods: initialize, ping, tools/list, tools/call, resources/list, resources/read, "
           "resources/templates/list",
       .request_schema = std::string(message_schema),
       .response_schema = R"({"$ref": "#/components/schemas/JsonRpcResponse"})",
       .errors = {404, 406},
       .also_streams = true,
       .error_shape = &error_shape,
       .handler = [server](Call& call) { return post(server, call); }});
  r.push_back({.method = "DELETE",
               .path = "/mcp",
               .operation_id = "mcpEndSession",
               .tag = "MCP",
               .summary = "End the MCP session named by Mcp-Session-Id",
               .success_status = 204,
               .errors = {404},
               .error_shape = &error_shape,
               .handler = [server](Call& call) { return end_session(server, call); }});
  return r;
}

json::object component_schemas() {
  return {{"JsonRpcError", json::parse(R"({
    "type": "object", "required": ["jsonrpc", "id", "error"],
    "description": "A JSON-RPC 2.0 error: -32700 the body is not JSON, -32600 not a valid message (or a session or header refused), -32601 no such method, -32602 bad params (an unknown tool), -32002 no such resource, -32000 the request refused before any message was read (the code and message of agentry's error).",
    "properties": {"jsonrpc": {"const": "2.0"}, "id": {"type": ["string", "integer", "null"]},
      "error": {"type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}}})")},
          {"JsonRpcResponse", json::parse(R"({
    "type": "object", "required": ["jsonrpc", "id"],
    "description": "The response to a request: its result, or a JSON-RPC error.",
    "properties": {"jsonrpc": {"const": "2.0"}, "id": {"type": ["string", "integer", "null"]},
      "result": {"type": "object"},
      "error": {"type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}}})")}};
}

}  // namespace agentry::api::mcp
