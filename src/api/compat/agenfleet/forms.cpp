#include "api/compat/agenfleet/forms.hpp"

#include <boost/json/parse.hpp>

#include <cctype>

#include "api/json_text.hpp"
#include "views/json_writer.hpp"

namespace agentry::api::compat::agenfleet {
namespace json = boost::json;
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The code AgenFleet's table gives an error; a missing resource is named by the route's shape.
std::string code_of(const ErrorShape& shape, const Error& error) {
  switch (error.code) {
    case Errc::validation_error:
    case Errc::bad_request:
      return "VALIDATION_ERROR";
    case Errc::missing_api_key:
    case Errc::invalid_api_key:
      return "UNAUTHORIZED";
    case Errc::insufficient_scope:
    case Errc::forbidden:
      return "FORBIDDEN";
    case Errc::not_found:
      return shape.resource.empty() ? "NOT_FOUND" : upper(shape.resource) + "_NOT_FOUND";
    case Errc::conflict:
      return "CONFLICT";
    case Errc::rate_limit_exceeded:
    case Errc::token_limit_exceeded:
      return "RATE_LIMITED";
    case Errc::internal_error:
      return "INTERNAL_ERROR";
    default:
      return upper(errc_code(error.code));
  }
}

std::string error_body(const ErrorShape& shape, unsigned status, const Error& error,
                       std::string_view) {
  views::JsonWriter w;
  w.begin_object().key("error").begin_object();
  w.key("code").string(code_of(shape, error));
  w.key("message").string(error.message);
  w.key("statusCode").integer(status);
  w.end_object().end_object();
  return w.take();
}

std::string describe(unsigned status) {
  switch (status) {
    case 400:
      return "VALIDATION_ERROR: the request failed validation (limit over 100 included)";
    case 401:
      return "UNAUTHORIZED: missing or invalid API key";
    case 402:
      return "INSUFFICIENT_CREDITS: the balance does not cover the message";
    case 403:
      return "FORBIDDEN: valid key but insufficient scope (or LIMIT_REACHED: a plan limit)";
    case 404:
      return "AGENT_NOT_FOUND, SESSION_NOT_FOUND, WEBHOOK_NOT_FOUND, CRON_JOB_NOT_FOUND or "
             "NOT_FOUND: it does not exist or belongs to another tenant";
    case 409:
      return "CONFLICT: it already exists (a duplicate agent name), a stale If-Match, or "
             "IDEMPOTENCY_KEY_IN_USE";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 422:
      return "IDEMPOTENCY_KEY_REUSED: the key was used with another request";
    case 429:
      return "RATE_LIMITED: too many requests; see X-RateLimit-Reset";
    default:
      return "INTERNAL_ERROR or UNAVAILABLE: contact support with the request ID";
  }
}

constexpr std::string_view prefix = "/compat/agenfleet";

// The surface's errors, a missing one naming `resource`.
ErrorShape shape_naming(std::string resource) {
  return {.schema = "FleetError",
          .body = error_body,
          .describe = describe,
          .resource = std::move(resource),
          .prefix = std::string(prefix)};
}

// Every agent's status in `text`: online when running, offline when stopped.
std::string agent_status(std::string text) {
  text = replace_syntax(std::move(text), R"("status":"running")", R"("status":"online")");
  return replace_syntax(std::move(text), R"("status":"stopped")", R"("status":"offline")");
}

// Every session's title in `text`, as its name.
std::string session_name(std::string text) {
  return replace_syntax(std::move(text), R"(,"title":)", R"(,"name":)");
}

}  // namespace

const ErrorShape errors = shape_naming("");
const ErrorShape agent_errors = shape_naming("agent");
const ErrorShape session_errors = shape_naming("session");
const ErrorShape webhook_errors = shape_naming("webhook");
const ErrorShape cron_errors = shape_naming("cron_job");

std::string agent(std::string_view body) {
  return agent_status(unwrap_data(body));
}

std::string agent_list(std::string_view body) {
  return agent_status(std::string(body));
}

std::string session(std::string_view body) {
  return session_name(unwrap_data(body));
}

std::string session_list(std::string_view body) {
  return session_name(std::string(body));
}

std::string unwrapped(std::string_view body) {
  return unwrap_data(body);
}

json::object component_schemas(const Natives& natives) {
  json::object out = json::parse(R"({
  "FleetError": {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message", "statusCode"],
      "properties": {
        "code": {"type": "string", "description": "VALIDATION_ERROR, UNAUTHORIZED, FORBIDDEN, AGENT_NOT_FOUND, SESSION_NOT_FOUND, NOT_FOUND, CONFLICT, RATE_LIMITED, INTERNAL_ERROR, ..."},
        "message": {"type": "string"},
        "statusCode": {"type": "integer"}}}}}
  })")
                         .as_object();
  json::object fleet_agent = natives.flat_schema("Agent");
  fleet_agent["properties"].as_object()["status"] = {
      {"type", "string"},
      {"enum", {"online", "offline"}},
      {"description", "online when running, offline when stopped."}};
  out["FleetAgent"] = std::move(fleet_agent);
  json::object fleet_session = natives.flat_schema("Session");
  json::object& properties = fleet_session["properties"].as_object();
  properties["name"] = {{"type", "string"},
                        {"description",
                         "Given when the session was opened, else the start of its first "
                         "message."}};
  properties.erase("title");
  for (json::value& field : fleet_session["required"].as_array()) {
    if (field.as_string() == "title") field = "name";
  }
  out["FleetSession"] = std::move(fleet_session);
  return out;
}

}  // namespace agentry::api::compat::agenfleet
