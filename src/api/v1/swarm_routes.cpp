#include <boost/json/object.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/swarms.hpp"
#include "views/resources.hpp"
#include "views/swarms.hpp"

// /v1/swarms: an account's swarms, their members and their write-only secrets (their knowledge
// is in knowledge_routes.cpp).
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

swarms::Draft draft_of(const Call& call) {
  swarms::Draft d{.name = call.body_string("name"), .description = call.body_string("description")};
  const json::object& body = call.body.as_object();
  if (const auto* members = body.if_contains("members"); members && members->is_array()) {
    d.members.emplace();
    for (const auto& m : members->as_array()) d.members->emplace_back(m.as_string());
  }
  if (const auto* c = body.if_contains("coordinatorId")) {
    d.coordinator_id = c->is_string() ? std::string(c->as_string()) : std::string();
  }
  return d;
}

http::Response swarm_reply(unsigned status, const store::SwarmRecord& s) {
  return data_reply(status, [&](JsonWriter& w) { views::write_swarm(w, s); });
}

asio::awaitable<http::Response> create_swarm(Call& call) {
  const swarms::Draft draft = draft_of(call);
  auto created = co_await call_write(call, [&](store::Tx& tx) {
    return swarms::create(tx, call.account_id(), draft, call.now_ms);
  });
  if (!created) co_return error_reply(call, created.error());
  http::Response r = swarm_reply(201, *created);
  r.set_header("Location", "/v1/swarms/" + created->id);
  co_return r;
}

asio::awaitable<http::Response> list_swarms(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return swarms::list(tx, call.account_id(), *page); });
  co_return list_reply(found.items, views::write_swarm, found.total, *page);
}

asio::awaitable<http::Response> get_swarm(Call& call) {
  const std::string id = call.param("id");
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return swarms::get(tx, call.account_id(), id); });
  if (!found) co_return error_reply(call, found.error());
  co_return swarm_reply(200, *found);
}

asio::awaitable<http::Response> update_swarm(Call& call) {
  const std::string id = call.param("id");
  const swarms::Draft draft = draft_of(call);
  auto updated = co_await call_write(call, [&](store::Tx& tx) {
    return swarms::update(tx, call.account_id(), id, draft, call.now_ms);
  });
  if (!updated) co_return error_reply(call, updated.error());
  co_return swarm_reply(200, *updated);
}

asio::awaitable<http::Response> delete_swarm(Call& call) {
  const std::string id = call.param("id");
  auto removed = co_await call_write(
      call, [&](store::Tx& tx) { return swarms::remove(tx, call.account_id(), id, call.now_ms); });
  if (!removed) co_return error_reply(call, removed.error());
  co_return no_content();
}

asio::awaitable<http::Response> add_member(Call& call) {
  const std::string id = call.param("id");
  const std::string agent_id = *call.body_string("agentId");
  auto added = co_await call_write(call, [&](store::Tx& tx) {
    return swarms::add_member(tx, call.account_id(), id, agent_id, call.now_ms);
  });
  if (!added) co_return error_reply(call, added.error());
  co_return swarm_reply(200, *added);
}

asio::awaitable<http::Response> remove_member(Call& call) {
  const std::string id = call.param("id");
  const std::string agent_id = call.param("agentId");
  auto removed = co_await call_write(call, [&](store::Tx& tx) {
    return swarms::remove_member(tx, call.account_id(), id, agent_id, call.now_ms);
  });
  if (!removed) co_return error_reply(call, removed.error());
  co_return swarm_reply(200, *removed);
}

asio::awaitable<http::Response> list_secrets(Call& call) {
  const std::string id = call.param("id");
  auto all = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return swarms::list_secrets(tx, call.account_id(), id);
  });
  if (!all) co_return error_reply(call, all.error());
  co_return secrets_reply(*all);
}

asio::awaitable<http::Response> put_secrets(Call& call) {
  const std::string id = call.param("id");
  const auto values = secrets_of(call);
  auto all = co_await call_write(call, [&](store::Tx& tx) {
    return swarms::put_secrets(tx, call.services.vault, call.account_id(), id, values, call.now_ms);
  });
  if (!all) co_return error_reply(call, all.error());
  co_return secrets_reply(*all);
}

asio::awaitable<http::Response> put_secret(Call& call) {
  const std::string id = call.param("id");
  const std::string name = call.param("name");
  const json::string& value = call.body.as_object().at("value").as_string();
  auto put = co_await call_write(call, [&](store::Tx& tx) {
    return swarms::put_secret(tx, call.services.vault, call.account_id(), id, name, value,
                              call.now_ms);
  });
  if (!put) co_return error_reply(call, put.error());
  co_return secret_put_reply(*put, "/v1/swarms/" + id + "/secrets/" + name);
}

asio::awaitable<http::Response> get_secret(Call& call) {
  const std::string id = call.param("id");
  const std::string name = call.param("name");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return swarms::find_secret(tx, call.account_id(), id, name);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_secret(w, *found); });
}

asio::awaitable<http::Response> delete_secret(Call& call) {
  const std::string id = call.param("id");
  const std::string name = call.param("name");
  auto removed = co_await call_write(
      call, [&](store::Tx& tx) { return swarms::remove_secret(tx, call.account_id(), id, name); });
  if (!removed) co_return error_reply(call, removed.error());
  co_return no_content();
}

std::string swarm_schema(bool create) {
  return std::string(R"({"type": "object", "additionalProperties": false,)") +
         (create ? R"("required": ["name"],)" : R"("minProperties": 1,)") + R"( "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 64, "description": "Unique among your swarms."},
    "description": {"type": "string", "maxLength": 2000},)" +
         (create ? R"(
    "members": {"type": "array", "maxItems": 50, "uniqueItems": true, "items": {"type": "string", "maxLength": 64}, "description": "Your agents' ids; an agent belongs to one swarm at most."},)"
                 : "") +
         R"(
    "coordinatorId": {"type": ["string", "null"], "maxLength": 64, "description": "The member that runs of the swarm go to; null clears it."}}})";
}

RouteSpec swarm_route(RouteSpec r, bool writes) {
  r.tag = "Swarms";
  r.scope = writes ? "swarms:write" : "swarms:read";
  return r;
}

}  // namespace

std::vector<RouteSpec> swarm_routes() {
  std::vector<RouteSpec> r;
  r.push_back(swarm_route({.method = "POST",
                           .path = "/v1/swarms",
                           .operation_id = "createSwarm",
                           .summary = "Group your agents in a swarm that shares knowledge and "
                                      "credentials",
                           .request_schema = swarm_schema(true),
                           .success_status = 201,
                           .response_schema = data_of("Swarm"),
                           .errors = {403, 409},
                           .handler = create_swarm},
                          true));
  r.push_back(swarm_route({.method = "GET",
                           .path = "/v1/swarms",
                           .operation_id = "listSwarms",
                           .summary = "Your swarms, newest first",
                           .query = page_query_params(),
                           .response_schema = list_of("Swarm"),
                           .handler = list_swarms},
                          false));
  r.push_back(swarm_route({.method = "GET",
                           .path = "/v1/swarms/{id}",
                           .operation_id = "getSwarm",
                           .summary = "A swarm with its members",
                           .response_schema = data_of("Swarm"),
                           .handler = get_swarm},
                          false));
  r.push_back(swarm_route({.method = "PATCH",
                           .path = "/v1/swarms/{id}",
                           .operation_id = "updateSwarm",
                           .summary = "Rename a swarm, describe it, or choose its coordinator",
                           .request_schema = swarm_schema(false),
                           .response_schema = data_of("Swarm"),
                           .errors = {409},
                           .handler = update_swarm},
                          true));
  r.push_back(swarm_route({.method = "DELETE",
                           .path = "/v1/swarms/{id}",
                           .operation_id = "deleteSwarm",
                           .summary = "Delete a swarm with its knowledge and secrets; its agents "
                                      "stay, in no swarm",
                           .success_status = 204,
                           .handler = delete_swarm},
                          true));
  r.push_back(swarm_route({.method = "POST",
                           .path = "/v1/swarms/{id}/members",
                           .operation_id = "addSwarmMember",
                           .summary = "Add one of your agents to the swarm",
                           .request_schema = R"({"type": "object", "additionalProperties": false,
                             "required": ["agentId"], "properties": {
                             "agentId": {"type": "string", "minLength": 1, "maxLength": 64}}})",
                           .response_schema = data_of("Swarm"),
                           .errors = {403, 409},
                           .handler = add_member},
                          true));
  r.push_back(swarm_route({.method = "DELETE",
                           .path = "/v1/swarms/{id}/members/{agentId}",
                           .operation_id = "removeSwarmMember",
                           .summary = "Take an agent out of the swarm; answers the swarm",
                           .response_schema = data_of("Swarm"),
                           .handler = remove_member},
                          true));
  r.push_back(swarm_route({.method = "GET",
                           .path = "/v1/swarms/{id}/secrets",
                           .operation_id = "listSwarmSecrets",
                           .summary = "The names of the swarm's secrets (never their values)",
                           .response_schema = list_of("Secret"),
                           .handler = list_secrets},
                          false));
  r.push_back(swarm_route(
      {.method = "PUT",
       .path = "/v1/swarms/{id}/secrets",
       .operation_id = "putSwarmSecrets",
       .summary = "Store several of the swarm's secrets at once (all or none); write-only",
       .request_schema = R"({"type": "object", "additionalProperties": false,
                 "required": ["secrets"], "properties": {"secrets": {"type": "object",
                 "minProperties": 1, "maxProperties": 100, "additionalProperties": )" +
                         secret_value_schema() + "}}}",
       .response_schema = list_of("Secret"),
       .errors = {403},
       .handler = put_secrets},
      true));
  r.push_back(swarm_route({.method = "PUT",
                           .path = "/v1/swarms/{id}/secrets/{name}",
                           .operation_id = "putSwarmSecret",
                           .summary = "Store or replace one of the swarm's secrets; its members "
                                      "use it before the account's",
                           .request_schema = R"({"type": "object", "additionalProperties": false,
                             "required": ["value"], "properties": {"value": )" +
                                             secret_value_schema() + "}}",
                           .response_schema = data_of("Secret"),
                           .errors = {403},
                           .creates_or_updates = true,
                           .handler = put_secret},
                          true));
  r.push_back(swarm_route({.method = "GET",
                           .path = "/v1/swarms/{id}/secrets/{name}",
                           .operation_id = "getSwarmSecret",
                           .summary = "A swarm secret's name and times (never its value)",
                           .response_schema = data_of("Secret"),
                           .handler = get_secret},
                          false));
  r.push_back(swarm_route({.method = "DELETE",
                           .path = "/v1/swarms/{id}/secrets/{name}",
                           .operation_id = "deleteSwarmSecret",
                           .summary = "Delete one of the swarm's secrets",
                           .success_status = 204,
                           .handler = delete_secret},
                          true));
  return r;
}

}  // namespace agentry::api::v1
