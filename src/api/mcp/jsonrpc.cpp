#include "api/mcp/jsonrpc.hpp"

#include <boost/json/serialize.hpp>

namespace agentry::api::mcp {
namespace json = boost::json;
namespace {

Refusal invalid(std::string message, json::value id = nullptr) {
  return {{RpcCode::invalid_request, std::move(message)}, std::move(id)};
}

// JSON-RPC ids are strings or numbers; MCP narrows them to strings and integers.
bool valid_id(const json::value& id) {
  return id.is_string() || id.is_int64() || id.is_uint64();
}

}  // namespace

std::variant<Message, Refusal> read_message(const json::value& body) {
  if (body.is_array()) {
    return invalid("a batch is not accepted: send one JSON-RPC message per request");
  }
  const json::object* object = body.if_object();
  if (object == nullptr) return invalid("a JSON-RPC message is a JSON object");
  const json::value* id = object->if_contains("id");
  json::value answer_id = id != nullptr && valid_id(*id) ? *id : json::value(nullptr);
  const json::value* version = object->if_contains("jsonrpc");
  if (version == nullptr || !version->is_string() || version->get_string() != "2.0") {
    return invalid(R"(jsonrpc: must be "2.0")", answer_id);
  }
  if (id != nullptr && !valid_id(*id)) {
    return invalid("id: must be a string or an integer");
  }
  Message message;
  const json::value* method = object->if_contains("method");
  if (method == nullptr) {
    if (id == nullptr || (!object->contains("result") && !object->contains("error"))) {
      return invalid(
          "a message without a method is a response: it needs an id and a result or "
          "an error",
          answer_id);
    }
    message.kind = Message::Kind::response;
    message.id = *id;
    return message;
  }
  if (!method->is_string() || method->get_string().empty()) {
    return invalid("method: must be a non-empty string", answer_id);
  }
  message.method = std::string(method->get_string());
  if (const json::value* params = object->if_contains("params")) {
    if (!params->is_object()) {
      return Refusal{{RpcCode::invalid_params, "params: must be an object"}, answer_id};
    }
    message.params = params->get_object();
  }
  if (id == nullptr) {
    message.kind = Message::Kind::notification;
  } else {
    message.kind = Message::Kind::request;
    message.id = *id;
  }
  return message;
}

std::string result_text(const json::value& id, std::string_view result) {
  std::string out = R"({"jsonrpc":"2.0","id":)";
  out += json::serialize(id);
  out += R"(,"result":)";
  out += result;
  out += '}';
  return out;
}

std::string error_text(const json::value& id, const RpcError& error) {
  return json::serialize(json::object{
      {"jsonrpc", "2.0"},
      {"id", id},
      {"error", {{"code", static_cast<int>(error.code)}, {"message", error.message}}}});
}

std::string notification_text(std::string_view method, const json::object& params) {
  return json::serialize(json::object{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

}  // namespace agentry::api::mcp
