#include "api/compat/natives.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

#include "api/json_text.hpp"
#include "api/reply.hpp"

namespace agentry::api::compat {
namespace asio = boost::asio;
namespace json = boost::json;

const RouteSpec& Natives::route(std::string_view operation_id) const {
  const auto found = std::find_if(routes_.begin(), routes_.end(), [&](const RouteSpec& r) {
    return r.operation_id == operation_id && !r.path.starts_with("/compat/");
  });
  if (found == routes_.end())
    throw std::logic_error("no native route " + std::string(operation_id));
  return *found;
}

json::object Natives::flat_schema(std::string_view name) const {
  const json::value* schema = schemas_.if_contains(name);
  if (schema == nullptr) throw std::logic_error("no native schema " + std::string(name));
  const json::array* parts = schema->as_object().if_contains("allOf")
                                 ? &schema->as_object().at("allOf").as_array()
                                 : nullptr;
  if (parts == nullptr) return schema->as_object();
  json::object flat{
      {"type", "object"}, {"properties", json::object()}, {"required", json::array()}};
  for (const json::value& part : *parts) {
    json::object piece;
    if (const auto* ref = part.as_object().if_contains("$ref")) {
      const std::string_view target = ref->as_string();
      piece = flat_schema(target.substr(target.rfind('/') + 1));
    } else {
      piece = part.as_object();
    }
    if (const auto* props = piece.if_contains("properties")) {
      for (const auto& [key, value] : props->as_object())
        flat["properties"].as_object()[key] = value;
    }
    if (const auto* required = piece.if_contains("required")) {
      for (const auto& field : required->as_array()) flat["required"].as_array().push_back(field);
    }
  }
  return flat;
}

asio::awaitable<http::Response> answer_natively(const Handler& native, Call& call) {
  http::Response r = co_await native(call);
  present(call, r);
  co_return r;
}

RouteSpec mount(const RouteSpec& native, std::string path, const ErrorShape& shape,
                std::string response_schema, Reshape reshape) {
  RouteSpec r = native;
  r.path = std::move(path);
  r.response_schema = std::move(response_schema);
  r.error_shape = &shape;
  r.reshape = reshape;
  r.parsed_request_schema = nullptr;
  // The handler lives as long as the route: the coroutine may refer to it.
  r.handler = [native = native.handler](Call& call) { return answer_natively(native, call); };
  return r;
}

std::string data_schema_of(const RouteSpec& native) {
  const json::value schema = json::parse(native.response_schema);
  return to_json_text(schema.at("properties").at("data"));
}

std::string unwrap_data(std::string_view body) {
  constexpr std::string_view head = R"({"data":)";
  if (body.starts_with(head) && body.ends_with('}')) {
    return std::string(body.substr(head.size(), body.size() - head.size() - 1));
  }
  const json::value v = json::parse(body);
  return to_json_text(v.as_object().at("data"));
}

std::string replace_syntax(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

void add_referenced_schemas(json::object& document, const json::object& native) {
  constexpr std::string_view marker = "#/components/schemas/";
  json::object& schemas = document["components"].as_object()["schemas"].as_object();
  for (bool added = true; added;) {
    added = false;
    const std::string text = json::serialize(document);
    for (std::size_t at = text.find(marker); at != std::string::npos;
         at = text.find(marker, at + 1)) {
      const std::size_t start = at + marker.size();
      const std::string name = text.substr(start, text.find('"', start) - start);
      if (schemas.contains(name)) continue;
      const json::value* schema = native.if_contains(name);
      if (schema == nullptr) throw std::logic_error("no schema " + name);
      schemas[name] = *schema;
      added = true;
    }
  }
}

}  // namespace agentry::api::compat
