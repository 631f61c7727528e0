#include "api/compat/surface.hpp"

#include "api/compat/agenco/routes.hpp"
#include "api/compat/agenfleet/routes.hpp"
#include "api/compat/agentmarket/routes.hpp"
#include "api/compat/agento/routes.hpp"
#include "api/compat/agentscode/routes.hpp"

namespace agentry::api::compat {

RouteSpec openapi_route(const std::string& prefix, const ErrorShape& shape,
                        std::shared_ptr<const Documents> documents) {
  return {.method = "GET",
          .path = prefix + "/openapi.json",
          .operation_id = "openapi",
          .tag = "System",
          .summary = "This OpenAPI 3.1 document",
          .access = Access::open,
          .response_schema =
              R"({"type":"object","additionalProperties":true,"description":"This document."})",
          .error_shape = &shape,
          .handler = [documents = std::move(documents),
                      prefix](Call&) -> boost::asio::awaitable<http::Response> {
            http::Response r;
            r.content_type = "application/json";
            r.body = documents->openapi.find(prefix)->second;
            co_return r;
          }};
}

namespace {
constexpr std::string_view markdown = "text/markdown; charset=utf-8";
}  // namespace

RouteSpec llms_full_route(const std::string& prefix, const ErrorShape& shape,
                          std::shared_ptr<const Documents> documents) {
  return {.method = "GET",
          .path = prefix + "/llms-full.txt",
          .operation_id = "llmsFull",
          .tag = "System",
          .summary =
              "The full reference as flat Markdown for language models: every endpoint "
              "with its scope, parameters, body fields, an example and its errors",
          .access = Access::open,
          .response_schema = R"({"type":"string"})",
          .response_content_type = std::string(markdown),
          .error_shape = &shape,
          .handler = [documents = std::move(documents),
                      prefix](Call&) -> boost::asio::awaitable<http::Response> {
            http::Response r;
            r.content_type = std::string(markdown);
            r.body = documents->llms_full.find(prefix)->second;
            co_return r;
          }};
}

std::vector<Surface> all_surfaces(const Natives& natives,
                                  const std::shared_ptr<const Documents>& documents) {
  std::vector<Surface> out;
  out.push_back(agenco::surface(documents));
  out.push_back(agentscode::surface(documents));
  out.push_back(agenfleet::surface(natives, documents));
  out.push_back(agentmarket::surface(documents));
  out.push_back(agento::surface(natives, documents));
  return out;
}

}  // namespace agentry::api::compat
