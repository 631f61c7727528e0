#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <variant>

// JSON-RPC 2.0 as MCP uses it: one message per HTTP body, params always an object.
namespace agentry::api::mcp {

// The error codes of JSON-RPC 2.0, and MCP's for a resource it does not have.
enum class RpcCode : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
  server_error = -32000,  // a refusal of the HTTP request that carried the message
  resource_not_found = -32002,
};

struct RpcError {
  RpcCode code = RpcCode::internal_error;
  std::string message;
};

// One message from the client.
struct Message {
  enum class Kind { request, notification, response };
  Kind kind = Kind::request;
  boost::json::value id;  // a request's (a string or an integer); null otherwise
  std::string method;     // a request's or a notification's
  boost::json::object params;
};

// A refused message: the error, and the id to answer it under (null when it has none).
struct Refusal {
  RpcError error;
  boost::json::value id;
};

// Reads `body` as one JSON-RPC 2.0 message (a batch is refused: MCP since 2025-06-18 sends one
// message per request).
std::variant<Message, Refusal> read_message(const boost::json::value& body);

// The response to the request `id`: its result (JSON text), or its error.
std::string result_text(const boost::json::value& id, std::string_view result);
std::string error_text(const boost::json::value& id, const RpcError& error);

// A notification from the server.
std::string notification_text(std::string_view method, const boost::json::object& params);

}  // namespace agentry::api::mcp
