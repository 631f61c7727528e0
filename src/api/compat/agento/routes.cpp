#include "api/compat/agento/routes.hpp"

#include <boost/json/parse.hpp>

#include <array>

#include "api/compat/agento/forms.hpp"
#include "api/docs/routes.hpp"
#include "api/idempotent_reply.hpp"
#include "api/json_text.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "domain/secrets.hpp"
#include "runtime/provider_keys.hpp"
#include "views/resources.hpp"

namespace agentry::api::compat::agento {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view prefix = "/compat/agento";
constexpr std::string_view default_anthropic_model = "claude-sonnet-4";

// The account secrets a create body's `secrets` stands for: what the providers read.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> credential_names = {{
    {"anthropicApiKey", runtime::anthropic_key_secret},
    {"openaiApiKey", runtime::openai_key_secret},
}};

// POST /v1/agents: the agent, with its `secrets` stored as the account's, refused unless an LLM
// credential is available to it (in the body, the account, its swarm or the server). All or
// nothing: a refusal stores nothing.
asio::awaitable<http::Response> create_agent(Call& call) {
  json::object body = call.body.as_object();
  std::vector<std::pair<std::string, std::string>> credentials;
  if (const json::value* given = body.if_contains("secrets")) {
    for (const auto& [field, name] : credential_names) {
      if (const json::value* value = given->as_object().if_contains(field)) {
        credentials.emplace_back(name, value->as_string());
      }
    }
    body.erase("secrets");
  }
  auto draft = v1::agent_draft_of(body);
  if (!draft) co_return error_reply(call, draft.error());
  // Given only an Anthropic key, a hosted agent without a model runs on Anthropic's.
  if (!draft->model && draft->kind.value_or("hosted") == "hosted" && credentials.size() == 1 &&
      credentials.front().first == runtime::anthropic_key_secret) {
    draft->model = std::string(default_anthropic_model);
  }
  draft->allow_loopback_http = call.services.options.allow_loopback_http_endpoints;
  draft->prices = &call.services.prices;
  draft->plan = call.plan;
  http::Response r = co_await write_reply(
      call,
      [&](store::Tx& tx) -> Result<store::AgentRecord> {
        auto stored =
            secrets::put_all(tx, call.services.vault, call.account_id(), credentials, call.now_ms);
        if (!stored) return stored.error();
        auto agent = agents::create(tx, call.account_id(), *draft, call.now_ms);
        if (!agent || agent->kind != "hosted") return agent;
        const std::string model = agent->model.value_or(std::string(agents::default_model));
        auto provider = runtime::resolve_provider(tx, call.services.providers, call.services.vault,
                                                  *agent, model);
        if (!provider) {
          return make_error(Errc::validation_error,
                            "no LLM credential is available to model " + model +
                                ": send secrets.anthropicApiKey or secrets.openaiApiKey, or set "
                                "the account's ANTHROPIC_API_KEY or OPENAI_API_KEY secret",
                            "secrets");
        }
        return agent;
      },
      [](const store::AgentRecord& created) {
        http::Response created_reply =
            data_reply(201, [&](views::JsonWriter& w) { views::write_agent(w, created); });
        created_reply.set_header("ETag", views::agent_etag(created));
        created_reply.set_header("Location", "/v1/agents/" + created.id);
        return created_reply;
      });
  present(call, r);
  co_return r;
}

// The resource a route's missing one is: its last path parameter's.
std::string_view resource_of(std::string_view path) {
  if (path.ends_with("{entryId}")) return "knowledge_entry";
  if (path.ends_with("{skillId}") || path.ends_with("{version}")) return "skill";
  if (path.ends_with("{name}")) return "secret";
  if (path == "/v1/sessions") return "agent";  // what a new session can miss is its agent
  if (path.find('{') == std::string_view::npos) return "";
  if (path.starts_with("/v1/agents/")) return "agent";
  if (path.starts_with("/v1/swarms/")) return "swarm";
  if (path.starts_with("/v1/sessions/")) return "session";
  return "skill";
}

// The native paths Agento's document lists.
bool served(std::string_view path) {
  static constexpr std::array<std::string_view, 23> exact = {
      "/v1/agents",
      "/v1/agents/{id}",
      "/v1/agents/{id}/start",
      "/v1/agents/{id}/stop",
      "/v1/agents/{id}/restart",
      "/v1/agents/{id}/status",
      "/v1/agents/{id}/personality",
      "/v1/agents/{id}/workflow",
      "/v1/agents/{id}/rules",
      "/v1/agents/{id}/chat",
      "/v1/agents/{id}/logs",
      "/v1/agents/{id}/logs/stream",
      "/v1/agents/{id}/skills",
      "/v1/agents/{id}/skills/{skillId}",
      "/v1/account",
      "/v1/account/secrets",
      "/v1/account/secrets/{name}",
      "/v1/sessions",
      "/v1/sessions/{id}",
      "/v1/sessions/{id}/messages",
      "/v1/skills",
      "/v1/skills/marketplace",
      "/v1/skills/{id}",
  };
  return std::find(exact.begin(), exact.end(), path) != exact.end() ||
         path.starts_with("/v1/agents/{id}/knowledge") ||
         path.starts_with("/v1/swarms/{id}/knowledge") || path == "/v1/swarms" ||
         path == "/v1/swarms/{id}" || path == "/v1/skills/{id}/versions/{version}";
}

constexpr std::string_view native_agent = R"("#/components/schemas/Agent")";
constexpr std::string_view agento_agent = R"("#/components/schemas/AgentoAgent")";

// The native route under the surface; an agent in its answer shows its image.
RouteSpec served_route(const RouteSpec& native) {
  std::string schema = native.response_schema;
  Reshape reshape = nullptr;
  if (const std::size_t at = schema.find(native_agent); at != std::string::npos) {
    schema.replace(at, native_agent.size(), agento_agent);
    reshape = schema.find(R"("pagination")") != std::string::npos ? agent_list : agent;
  }
  return mount(native, std::string(prefix) + native.path, errors_naming(resource_of(native.path)),
               std::move(schema), reshape);
}

}  // namespace

Surface surface(const Natives& natives, const std::shared_ptr<const Documents>& documents) {
  std::vector<RouteSpec> r;
  for (const RouteSpec& native : natives.routes()) {
    if (native.path.starts_with("/v1/") && served(native.path)) r.push_back(served_route(native));
  }
  for (RouteSpec& route : r) {
    if (route.operation_id != "createAgent") continue;
    json::value schema = json::parse(route.request_schema);
    schema.at("properties").as_object()["secrets"] = json::parse(R"({
      "type": "object", "additionalProperties": false,
      "description": "LLM credentials, stored as the account's secrets (ANTHROPIC_API_KEY, OPENAI_API_KEY). Creating a hosted agent needs one available to its model: here, in the account's or its swarm's secrets, or the server's.",
      "properties": {
        "anthropicApiKey": {"type": "string", "minLength": 1, "maxLength": 4096},
        "openaiApiKey": {"type": "string", "minLength": 1, "maxLength": 4096}}})");
    route.request_schema = to_json_text(schema);
    route.summary = "Create an agent (with its SOUL.md, WORKFLOW.md and LLM credentials)";
    route.handler = create_agent;
  }
  const ErrorShape& general = errors_naming("");
  for (RouteSpec& route : docs::all_routes(std::string(prefix))) {
    route.error_shape = &general;
    r.push_back(std::move(route));
  }
  r.push_back(llms_full_route(std::string(prefix), general, documents));
  r.push_back(openapi_route(std::string(prefix), general, documents));
  return {.info = {.title = "Agento public API (agentry)",
                   .description =
                       "The Agento public API, served by agentry: change only the base URL. "
                       "Authenticate with `X-Api-Key: <key>`; scopes are checked on every "
                       "request (403 forbidden without). Answers come in a `data` envelope, "
                       "lists with a `pagination` block. Every response carries X-Request-Id "
                       "and X-RateLimit-Limit / -Remaining / -Reset (Unix seconds); a 429 "
                       "carries Retry-After. Errors are {\"error\": {\"code\", \"message\"}}. "
                       "The reference for people is at /docs, for language models at "
                       "/llms-full.txt.",
                   .prefix = std::string(prefix),
                   .bearer = false},
          .routes = std::move(r),
          .components = component_schemas(natives)};
}

}  // namespace agentry::api::compat::agento
