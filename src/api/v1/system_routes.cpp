#include "api/await_db.hpp"
#include "api/prometheus.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

asio::awaitable<http::Response> healthz(Call& call) {
  co_return json_reply(200,
                       json::object{{"status", "ok"}, {"version", call.services.options.version}});
}

// Ready when the server accepts work and the database answers.
asio::awaitable<http::Response> readyz(Call& call) {
  if (!call.services.ready.load()) {
    co_return error_reply(call, make_error(Errc::unavailable, "the server is shutting down"));
  }
  try {
    co_await db_read(call.services.db, [](store::Tx& tx) { return tx.query("SELECT 1").size(); });
  } catch (const std::exception&) {
    co_return error_reply(call, make_error(Errc::unavailable, "the database does not answer"));
  }
  co_return json_reply(200, json::object{{"status", "ready"},
                                         {"version", call.services.options.version},
                                         {"database", std::string(call.services.db.engine())}});
}

// A generated document, served as it is.
Handler document(const std::shared_ptr<const Documents>& documents, std::string Documents::*which,
                 const std::string& content_type) {
  return [documents, which, content_type](Call&) -> asio::awaitable<http::Response> {
    http::Response r;
    r.content_type = content_type;
    r.body = (*documents).*which;
    co_return r;
  };
}

constexpr std::string_view markdown = "text/markdown; charset=utf-8";

}  // namespace

std::vector<RouteSpec> system_routes(const std::shared_ptr<const Documents>& documents) {
  std::vector<RouteSpec> r;
  r.push_back({.method = "GET",
               .path = "/healthz",
               .operation_id = "healthz",
               .tag = "System",
               .summary = "Liveness: the process serves HTTP",
               .access = Access::open,
               .response_schema = R"({"$ref":"#/components/schemas/Health"})",
               .handler = healthz});
  r.push_back({.method = "GET",
               .path = "/readyz",
               .operation_id = "readyz",
               .tag = "System",
               .summary = "Readiness: the database answers and the server is not draining",
               .access = Access::open,
               .response_schema = R"({"$ref":"#/components/schemas/Health"})",
               .errors = {503},
               .handler = readyz});
  r.push_back(
      {.method = "GET",
       .path = "/openapi.json",
       .operation_id = "openapi",
       .tag = "System",
       .summary = "This OpenAPI 3.1 document",
       .access = Access::open,
       .response_schema =
           R"({"type":"object","additionalProperties":true,"description":"This document."})",
       .handler = document(documents, &Documents::openapi, "application/json")});
  r.push_back({.method = "GET",
               .path = "/llms.txt",
               .operation_id = "llmsIndex",
               .tag = "System",
               .summary = "The API for language models: a short Markdown index (the llms.txt "
                          "convention) of every endpoint",
               .access = Access::open,
               .response_schema = R"({"type":"string"})",
               .response_content_type = std::string(markdown),
               .handler = document(documents, &Documents::llms, std::string(markdown))});
  r.push_back({.method = "GET",
               .path = "/llms-full.txt",
               .operation_id = "llmsFull",
               .tag = "System",
               .summary = "The full reference as flat Markdown: every endpoint with its scope, "
                          "parameters, body fields and limits, an example request and answer, "
                          "and its errors",
               .access = Access::open,
               .response_schema = R"({"type":"string"})",
               .response_content_type = std::string(markdown),
               .handler = document(documents, &Documents::llms_full, std::string(markdown))});
  r.push_back({.method = "GET",
               .path = "/metrics",
               .operation_id = "prometheusMetrics",
               .tag = "System",
               .summary = "The server's metrics in the Prometheus text format (a key with the "
                          "metrics or admin scope; without a key on --metrics-listen)",
               .scope = "metrics",
               .response_schema = R"({"type":"string"})",
               .response_content_type = std::string(prometheus_content_type),
               .handler = [](Call& call) { return prometheus_reply(call.services); }});
  return r;
}

std::vector<RouteSpec> all_routes() {
  std::vector<RouteSpec> out;
  for (auto part :
       {account_routes(),       api_key_routes(),    agent_routes(),     agent_document_routes(),
        agent_log_routes(),     task_routes(),       credit_routes(),    secret_routes(),
        agent_signing_routes(), run_routes(),        run_event_routes(), chat_routes(),
        session_routes(),       event_routes(),      webhook_routes(),   schedule_routes(),
        activity_routes(),      usage_routes(),      skill_routes(),     knowledge_routes(),
        swarm_routes(),         web_session_routes()}) {
    for (auto& route : part) out.push_back(std::move(route));
  }
  return out;
}

}  // namespace agentry::api::v1
