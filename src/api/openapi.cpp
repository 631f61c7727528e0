#include "api/openapi.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

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

json::object error_response(std::string description) {
  return {
      {"description", std::move(description)},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
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
    case 409:
      return "conflict or idempotency_key_in_use";
    case 413:
      return "payload_too_large";
    case 422:
      return "idempotency_key_reused: the key was used with another request";
    case 429:
      return "rate_limit_exceeded or token_limit_exceeded; see Retry-After";
    default:
      return "Error";
  }
}

json::object operation(const RouteSpec& r) {
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
  if (r.method == "PATCH") {
    parameters.push_back({{"name", "If-Match"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "The ETag last read; a stale one answers 409."},
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
  if (!r.response_schema.empty()) {
    success["content"] = {{r.response_content_type, {{"schema", json::parse(r.response_schema)}}}};
  }
  responses[std::to_string(r.success_status)] = std::move(success);
  std::vector<unsigned> errors = r.errors;
  if (!r.request_schema.empty() || !r.query.empty()) errors.push_back(400);
  if (r.access != Access::open) errors.insert(errors.end(), {401, 429});
  if (r.access == Access::key && !r.scope.empty()) errors.push_back(403);
  if (!path_params(r.path).empty()) errors.push_back(404);
  if (r.method == "POST" && r.access != Access::open) errors.insert(errors.end(), {409, 422});
  for (unsigned status : errors) {
    responses[std::to_string(status)] = error_response(status_description(status));
  }
  op["responses"] = std::move(responses);

  if (r.access == Access::open) {
    op["security"] = json::array();
  } else if (r.access == Access::optional_key) {
    op["security"] = {
        json::object(), {{"bearerAuth", json::array()}}, {{"apiKeyHeader", json::array()}}};
  }
  return op;
}

}  // namespace

json::object openapi_document(const std::vector<RouteSpec>& routes, const std::string& version,
                              json::object components) {
  json::object paths;
  for (const RouteSpec& r : routes) {
    json::value& item = paths[r.path];
    if (!item.is_object()) item.emplace_object();
    item.as_object()[lower(r.method)] = operation(r);
  }
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "agentry API"},
        {"version", version},
        {"description",
         "Host, hire and pay AI agents. Authenticate with `Authorization: Bearer <key>` or "
         "`X-Api-Key: <key>`. Every response carries X-Request-Id and, when a key was sent, "
         "X-RateLimit-Limit / -Remaining / -Reset. Errors use one envelope: "
         "{\"error\": {\"code\", \"message\", \"statusCode\", \"requestId\"}}."}}},
      {"servers", {{{"url", "/"}}}},
      {"security", {{{"bearerAuth", json::array()}}, {{"apiKeyHeader", json::array()}}}},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", std::move(components)},
        {"securitySchemes",
         {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "ak_live_..."}}},
          {"apiKeyHeader", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-Api-Key"}}}}}}}};
}

}  // namespace agentry::api
