#include "api/openapi.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace agentry::api {
namespace json = boost::json;
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> path_params(const std::string& path) {
  std::vector<std::string> out;
  std::size_t open = path.find('{');
  while (open != std::string::npos) {
    const std::size_t close = path.find('}', open);
    out.push_back(path.substr(open + 1, close - open - 1));
    open = path.find('{', close);
  }
  return out;
}

json::object header_ref(std::string_view name) {
  return {{"$ref", "#/components/headers/" + std::string(name)}};
}

// The headers every answer carries: X-Request-Id, and the rate-limit headers where a key (or,
// for an open signup, the client address) was counted.
json::object common_headers(const RouteSpec& r) {
  json::object headers{{"X-Request-Id", header_ref("X-Request-Id")}};
  if (r.access != Access::open || r.limit_by_address ||
      (r.error_shape && r.error_shape->limit_open_routes)) {
    for (const char* name : {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}) {
      headers[name] = header_ref(name);
    }
  }
  return headers;
}

json::object error_response(const RouteSpec& r, unsigned status, std::string description) {
  json::object headers = common_headers(r);
  if (status == 429 || status == 503) headers["Retry-After"] = header_ref("Retry-After");
  return {{"description", std::move(description)},
          {"headers", std::move(headers)},
          {"content",
           {{"application/json",
             {{"schema",
               {{"$ref", "#/components/schemas/" +
                             (r.error_shape ? r.error_shape->schema : "Error")}}}}}}}};
}

bool streams(const RouteSpec& r) {
  return r.response_content_type == "text/event-stream" || r.also_streams;
}

json::object event_stream_content() {
  return {{"text/event-stream",
           {{"schema",
             {{"type", "string"},
              {"description",
               "Server-Sent Events: `id:`, `event:` and `data:` (one line of JSON) lines, "
               "events separated by a blank line."}}}}}};
}

std::string status_description(unsigned status) {
  switch (status) {
    case 400:
      return "Invalid request: validation_error (names the field) or bad_request";
    case 401:
      return "missing_api_key or invalid_api_key (unknown, revoked or expired)";
    case 403:
      return "insufficient_scope, forbidden or limit_reached";
    case 404:
      return "not_found: no such resource in this account";
    case 402:
      return "insufficient_credits: the wallet's available credits do not cover it";
    case 409:
      return "conflict (with error.currentState), idempotency_key_in_use or "
             "provider_not_configured";
    case 413:
      return "payload_too_large";
    case 422:
      return "idempotency_key_reused: the key was used with another request";
    case 429:
      return "rate_limit_exceeded or token_limit_exceeded; see Retry-After";
    case 503:
      return "unavailable: the server is busy (too many requests wait for the database; see "
             "Retry-After), a provider or the database did not answer in time, or the server is "
             "shutting down; try again";
    default:
      return "Error";
  }
}

// The security requirements of a document: any one of its schemes.
json::array any_scheme(const DocumentInfo& info) {
  json::array out;
  if (info.bearer) out.emplace_back(json::object{{"bearerAuth", json::array()}});
  if (!info.api_key_header.empty()) out.emplace_back(json::object{{"apiKeyHeader", json::array()}});
  if (info.title.empty()) out.emplace_back(json::object{{"sessionCookie", json::array()}});
  return out;
}

json::object operation(const RouteSpec& r, const DocumentInfo& info) {
  json::object op{{"operationId", r.operation_id}, {"summary", r.summary}, {"tags", {r.tag}}};
  std::string description = r.summary + ".";
  if (r.access != Access::open) {
    description +=
        r.scope.empty() ? " Any valid API key." : " Requires the `" + r.scope + "` scope.";
  }
  op["description"] = description;
  if (!r.scope.empty()) op["x-required-scope"] = r.scope;

  json::array parameters;
  for (const std::string& name : path_params(r.path)) {
    parameters.push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const QueryParam& q : r.query) {
    parameters.push_back({{"name", q.name},
                          {"in", "query"},
                          {"required", false},
                          {"description", q.description},
                          {"schema", json::parse(q.schema)}});
  }
  if (r.method == "POST" && r.access != Access::open) {
    parameters.push_back(
        {{"name", "Idempotency-Key"},
         {"in", "header"},
         {"required", false},
         {"description", "Retries with the same key and body replay the first response for 24 h."},
         {"schema", {{"type", "string"}, {"maxLength", 255}}}});
  }
  if (r.etag && (r.method == "PATCH" || r.method == "PUT")) {
    parameters.push_back({{"name", "If-Match"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "The ETag last read; a stale one answers 409."},
                          {"schema", {{"type", "string"}}}});
  }
  if (r.etag && r.method == "GET") {
    parameters.push_back(
        {{"name", "If-None-Match"},
         {"in", "header"},
         {"required", false},
         {"description",
          "The ETag you hold: 304 Not Modified, without a body, while it is current."},
         {"schema", {{"type", "string"}}}});
  }
  if (streams(r)) {
    parameters.push_back({{"name", "Last-Event-ID"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "The id of the last event received: resume after it."},
                          {"schema", {{"type", "string"}}}});
  }
  if (!parameters.empty()) op["parameters"] = std::move(parameters);

  if (!r.request_schema.empty()) {
    op["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", json::parse(r.request_schema)}}}}}};
  }

  json::object responses;
  json::object success{{"description", "Success"}};
  json::object success_headers = common_headers(r);
  if (r.success_status == 201 || r.success_status == 202) {
    success_headers["Location"] = header_ref("Location");
  }
  if (r.etag) success_headers["ETag"] = header_ref("ETag");
  success["headers"] = std::move(success_headers);
  if (r.response_content_type == "text/event-stream") {
    success["content"] = event_stream_content();
  } else if (!r.response_schema.empty()) {
    json::object content{{r.response_content_type, {{"schema", json::parse(r.response_schema)}}}};
    if (r.also_streams) content["text/event-stream"] = event_stream_content()["text/event-stream"];
    success["content"] = std::move(content);
  }
  if (r.creates_or_updates) {
    json::object created = success;
    created["description"] = "Created: there was no such resource";
    created["headers"].as_object()["Location"] = header_ref("Location");
    responses["201"] = std::move(created);
    success["description"] = "Replaced";
  }
  responses[std::to_string(r.success_status)] = std::move(success);
  if (r.etag && r.method == "GET") {
    responses["304"] = {{"description", "Not Modified: the If-None-Match ETag is current"},
                        {"headers", {{"ETag", header_ref("ETag")}}}};
  }
  if (streams(r)) {
    responses["204"] = {
        {"description",
         "No Content: the stream resumed with Last-Event-ID has nothing more (its end was sent)"},
        {"headers", common_headers(r)}};
  }
  std::vector<unsigned> errors = r.errors;
  // Any endpoint refuses a query parameter it does not take.
  errors.push_back(400);
  const ErrorShape* shape = r.error_shape;
  if (r.access != Access::open || r.limit_by_address || (shape && shape->limit_open_routes)) {
    errors.push_back(429);
  }
  if (r.access != Access::open) errors.push_back(401);
  // A request with a key may be shed when the database queue is full (--db-queue-limit).
  if (sheddable(r)) errors.push_back(503);
  if (r.access == Access::key && !r.scope.empty()) errors.push_back(403);
  if (!path_params(r.path).empty()) errors.push_back(404);
  if (r.method == "POST" && r.access != Access::open) errors.insert(errors.end(), {409, 422});
  for (unsigned status : errors) {
    if (shape && shape->status) status = shape->status(status);
    responses[std::to_string(status)] = error_response(
        r, status, shape && shape->describe ? shape->describe(status) : status_description(status));
  }
  op["responses"] = std::move(responses);

  if (r.access == Access::open) {
    op["security"] = json::array();
  } else if (r.access == Access::optional_key) {
    json::array security = any_scheme(info);
    security.insert(security.begin(), json::object());
    op["security"] = std::move(security);
  }
  return op;
}

json::object header(std::string description, json::object schema) {
  return {{"description", std::move(description)}, {"schema", std::move(schema)}};
}

json::object response_headers(ResetForm reset) {
  const json::object integer{{"type", "integer"}};
  const json::object text{{"type", "string"}};
  json::object reset_header =
      reset == ResetForm::iso8601
          ? header("When the window is full again, as an ISO 8601 UTC time.",
                   {{"type", "string"}, {"format", "date-time"}})
          : header("Unix seconds when the window is full again.", integer);
  return {{"X-Request-Id",
           header("The request's id (the client's own when it sent a sane one); errors repeat it.",
                  text)},
          {"X-RateLimit-Limit", header("Requests per minute of the tighter window.", integer)},
          {"X-RateLimit-Remaining", header("Requests left in that window.", integer)},
          {"X-RateLimit-Reset", std::move(reset_header)},
          {"Retry-After", header("Seconds to wait before trying again.", integer)},
          {"Location", header("Where the created resource is read.", text)},
          {"ETag", header("The resource's version: send it as If-Match or If-None-Match.", text)}};
}

}  // namespace

json::object openapi_document(const std::vector<RouteSpec>& routes, const std::string& version,
                              json::object components, const DocumentInfo& info) {
  constexpr std::string_view compat = "/compat/";
  json::object paths;
  for (const RouteSpec& r : routes) {
    std::string_view path = r.path;
    if (info.prefix.empty()) {
      if (path.starts_with(compat)) continue;
    } else {
      if (!path.starts_with(info.prefix + "/")) continue;
      path.remove_prefix(info.prefix.size());
    }
    json::value& item = paths[path];
    if (!item.is_object()) item.emplace_object();
    item.as_object()[lower(r.method)] = operation(r, info);
  }
  // Only the headers some answer carries (a surface may have no ETag, no Location).
  json::object headers = response_headers(info.reset);
  const std::string used = json::serialize(paths);
  for (auto it = headers.begin(); it != headers.end();) {
    if (used.find("#/components/headers/" + std::string(it->key())) == std::string::npos) {
      it = headers.erase(it);
    } else {
      ++it;
    }
  }
  json::object schemes;
  if (info.bearer) {
    schemes["bearerAuth"] = {{"type", "http"}, {"scheme", "bearer"}};
  }
  if (!info.api_key_header.empty()) {
    schemes["apiKeyHeader"] = {{"type", "apiKey"}, {"in", "header"}, {"name", info.api_key_header}};
  }
  const bool native = info.title.empty();
  if (native) {
    schemes["bearerAuth"].as_object()["bearerFormat"] = "ak_live_...";
    schemes["sessionCookie"] = {
        {"type", "apiKey"},
        {"in", "cookie"},
        {"name", "agentry_session"},
        {"description",
         "The dashboard's session (POST /v1/web/session). A change made with it also sends the "
         "session's X-CSRF-Token header."}};
  }
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", native ? "agentry API" : info.title},
        {"version", version},
        {"description",
         native ? "Host, hire and pay AI agents. Authenticate with `Authorization: Bearer <key>` "
                  "or `X-Api-Key: <key>`. Every response carries X-Request-Id and, when a key "
                  "was sent, X-RateLimit-Limit / -Remaining / -Reset. Errors use one envelope: "
                  "{\"error\": {\"code\", \"message\", \"statusCode\", \"requestId\"}}, "
                  "except on the OpenAI and Anthropic routes (tags OpenAI, Anthropic), which "
                  "answer in those APIs' own error shapes. The seed systems' APIs are served "
                  "under /compat/<system>, each with its own document at "
                  "/compat/<system>/openapi.json."
                : info.description}}},
      {"servers", {{{"url", native ? "/" : info.prefix}}}},
      {"security", any_scheme(info)},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", std::move(components)},
        {"headers", std::move(headers)},
        {"securitySchemes", std::move(schemes)}}}};
}

}  // namespace agentry::api
