#include "api/compat/agento/forms.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <stdexcept>

#include "api/json_text.hpp"
#include "views/json_writer.hpp"

namespace agentry::api::compat::agento {
namespace json = boost::json;
namespace {

std::string code_of(const ErrorShape& shape, const Error& error) {
  switch (error.code) {
    case Errc::validation_error:
    case Errc::bad_request:
      return "validation_error";
    case Errc::missing_api_key:
    case Errc::invalid_api_key:
      return "unauthorized";
    case Errc::insufficient_scope:
    case Errc::forbidden:
      return "forbidden";
    case Errc::not_found:
      return shape.resource.empty() ? "not_found" : shape.resource + "_not_found";
    case Errc::rate_limit_exceeded:
    case Errc::token_limit_exceeded:
      return "rate_limit_exceeded";
    default:
      return std::string(errc_code(error.code));
  }
}

std::string error_body(const ErrorShape& shape, unsigned, const Error& error, std::string_view) {
  views::JsonWriter w;
  w.begin_object().key("error").begin_object();
  w.key("code").string(code_of(shape, error));
  w.key("message").string(error.message);
  w.end_object().end_object();
  return w.take();
}

std::string describe(unsigned status) {
  switch (status) {
    case 400:
      return "validation_error: the body, query or path failed validation";
    case 401:
      return "unauthorized: missing, invalid, expired or revoked key";
    case 402:
      return "insufficient_credits: the balance does not cover it";
    case 403:
      return "forbidden (the key lacks the scope) or limit_reached (a plan limit)";
    case 404:
      return "agent_not_found, swarm_not_found, session_not_found, skill_not_found, "
             "knowledge_entry_not_found, secret_not_found or not_found: it does not exist or "
             "does not belong to your account";
    case 409:
      return "conflict: an optimistic concurrency check failed (a stale If-Match), or the "
             "resource exists already";
    case 413:
      return "payload_too_large";
    case 422:
      return "idempotency_key_reused";
    case 429:
      return "rate_limit_exceeded: back off for Retry-After seconds";
    case 503:
      return "unavailable: try again";
    default:
      return "internal_error: include X-Request-Id if you contact support";
  }
}

constexpr std::string_view prefix = "/compat/agento";

ErrorShape shape_naming(std::string resource) {
  return {.schema = "AgentoError",
          .body = error_body,
          .describe = describe,
          .resource = std::move(resource),
          .prefix = std::string(prefix)};
}

const std::array<ErrorShape, 7> shapes = {shape_naming(""),      shape_naming("agent"),
                                          shape_naming("swarm"), shape_naming("session"),
                                          shape_naming("skill"), shape_naming("knowledge_entry"),
                                          shape_naming("secret")};

// Every agent in `text` with the runtime it runs in: agentry's hosted runtime or the remote
// agent's own endpoint, with the server's version; written after its kind.
std::string add_image(std::string text) {
  for (std::string_view kind : {"hosted", "remote"}) {
    std::string member = R"("kind":")";
    member.append(kind).append("\"");
    std::string with_image = member;
    with_image.append(R"(,"image":"agentry/)").append(kind).append(":" AGENTRY_VERSION "\"");
    text = replace_syntax(std::move(text), member, with_image);
  }
  return text;
}

}  // namespace

const ErrorShape& errors_naming(std::string_view resource) {
  for (const ErrorShape& shape : shapes) {
    if (shape.resource == resource) return shape;
  }
  throw std::logic_error("no Agento error shape for " + std::string(resource));
}

std::string agent(std::string_view body) {
  return add_image(std::string(body));
}

std::string agent_list(std::string_view body) {
  return add_image(std::string(body));
}

json::object component_schemas(const Natives& natives) {
  json::object out = json::parse(R"({
  "AgentoError": {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"],
      "properties": {
        "code": {"type": "string", "description": "validation_error, unauthorized, forbidden, limit_reached, agent_not_found, swarm_not_found, ..., conflict, rate_limit_exceeded, internal_error"},
        "message": {"type": "string"}}}}}
  })")
                         .as_object();
  json::object agent = natives.flat_schema("Agent");
  agent["properties"].as_object()["image"] = {
      {"type", "string"},
      {"description",
       "The runtime the agent runs in: agentry/hosted (run by agentry against its model's "
       "provider) or agentry/remote (called at its endpointUrl), with the server's version."}};
  agent["required"].as_array().push_back("image");
  out["AgentoAgent"] = std::move(agent);
  return out;
}

}  // namespace agentry::api::compat::agento
