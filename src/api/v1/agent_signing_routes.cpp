#include "api/await_db.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/agent_access.hpp"
#include "api/v1/routes.hpp"
#include "domain/remote_agents.hpp"

// GET /v1/agents/{id}/signing-secret and POST .../rotate: the secret that signs agentry's
// requests to a remote agent, for its owner to verify them with.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

asio::awaitable<http::Response> signing_secret(Call& call, bool rotate) {
  const std::string id = call.param("id");
  auto agent = co_await own_agent(call, id);
  if (!agent) co_return error_reply(call, make_error(Errc::not_found, "no agent with id " + id));
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return remote_agents::signing_secret(tx, call.services.vault, *agent, rotate, call.now_ms);
      },
      [](const std::string& secret) {
        return data_reply(200, [&](JsonWriter& w) {
          w.begin_object().key("secret").string(secret).end_object();
        });
      });
}

constexpr std::string_view secret_schema = R"({"type": "object", "properties": {"data": {
  "type": "object", "properties": {"secret": {"type": "string", "example": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  "description": "Standard Webhooks secret: the key is the base64 after whsec_."}}}}})";

}  // namespace

std::vector<RouteSpec> agent_signing_routes() {
  return {{.method = "GET",
           .path = "/v1/agents/{id}/signing-secret",
           .operation_id = "getAgentSigningSecret",
           .tag = "Agents",
           .summary = "The secret that signs agentry's requests to your remote agent "
                      "(webhook-id, webhook-timestamp and webhook-signature headers, as Standard "
                      "Webhooks); made on first use",
           .scope = "agents:write",
           .response_schema = std::string(secret_schema),
           .handler = [](Call& call) { return signing_secret(call, false); }},
          {.method = "POST",
           .path = "/v1/agents/{id}/signing-secret/rotate",
           .operation_id = "rotateAgentSigningSecret",
           .tag = "Agents",
           .summary = "Replace the agent's signing secret; requests are signed with the new one "
                      "from now on",
           .scope = "agents:write",
           .response_schema = std::string(secret_schema),
           .answer_holds_secret = true,
           .handler = [](Call& call) { return signing_secret(call, true); }}};
}

}  // namespace agentry::api::v1
