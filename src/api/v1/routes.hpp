#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/route.hpp"
#include "domain/agents.hpp"

// The native /v1 surface, one function per resource.
namespace agentry::api::v1 {

std::vector<RouteSpec> account_routes();
std::vector<RouteSpec> api_key_routes();
std::vector<RouteSpec> agent_routes();
// The agent fields of a validated create or update body (camelCase, as /v1 takes them).
// Errors: validation_error (pricePerTask).
Result<agents::Draft> agent_draft_of(const boost::json::object& body);
// GET/PUT /v1/agents/{id}/personality, /workflow and /rules.
std::vector<RouteSpec> agent_document_routes();
// GET /v1/agents/{id}/logs.
std::vector<RouteSpec> agent_log_routes();
std::vector<RouteSpec> task_routes();
// /v1/account/secrets
std::vector<RouteSpec> secret_routes();
std::vector<RouteSpec> credit_routes();
// GET /v1/agents/{id}/signing-secret and its rotation.
std::vector<RouteSpec> agent_signing_routes();
// POST /v1/agents/{id}/chat.
std::vector<RouteSpec> chat_routes();
// /v1/sessions.
std::vector<RouteSpec> session_routes();
// Runs and POST /v1/execute.
std::vector<RouteSpec> run_routes();
// GET /v1/runs/{id}/events.
std::vector<RouteSpec> run_event_routes();
// GET /v1/events[/{id}].
std::vector<RouteSpec> event_routes();
// /v1/webhooks and their deliveries.
std::vector<RouteSpec> webhook_routes();
std::vector<RouteSpec> schedule_routes();
std::vector<RouteSpec> activity_routes();
// GET /v1/usage, /v1/metrics and /v1/agents/{id}/metrics.
std::vector<RouteSpec> usage_routes();
// /v1/skills and /v1/agents/{id}/skills.
std::vector<RouteSpec> skill_routes();
// /v1/agents/{id}/knowledge and /v1/swarms/{id}/knowledge.
std::vector<RouteSpec> knowledge_routes();
// /v1/swarms: swarms, their members and secrets.
std::vector<RouteSpec> swarm_routes();
// /v1/web/session: the dashboard's sign-in.
std::vector<RouteSpec> web_session_routes();
// The JSON Schema of a secret's value, as PUT bodies take it.
std::string secret_value_schema();
// What the secret routes answer, an account's or a swarm's: the list of names, and a stored
// secret (201 with `location` when it is new, else 200).
http::Response secrets_reply(const std::vector<store::SecretRecord>& all);
// The {"secrets": {name: value, ...}} of a validated PUT body, as (name, value) pairs.
std::vector<std::pair<std::string, std::string>> secrets_of(const Call& call);
http::Response secret_put_reply(const store::SecretRecord& put, const std::string& location);
// The documents generated from every route's declaration, filled in once every route is known.
struct Documents {
  std::string openapi;    // /openapi.json
  std::string llms;       // /llms.txt
  std::string llms_full;  // /llms-full.txt
};

// /healthz, /readyz, /metrics and the documents.
std::vector<RouteSpec> system_routes(const std::shared_ptr<const Documents>& documents);

// A stream route (GET, text/event-stream): its path template and scope.
struct StreamRoute {
  std::string path;
  std::string scope;
};
// /v1/stream-tokens, for the stream routes `streams`.
std::vector<RouteSpec> stream_token_routes(std::vector<StreamRoute> streams);

// Every route of the native surface except the system ones.
std::vector<RouteSpec> all_routes();

}  // namespace agentry::api::v1
