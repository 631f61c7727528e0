#include "domain/models.hpp"
#include "api/await_db.hpp"
#include "api/openai/errors.hpp"
#include "api/openai/routes.hpp"
#include "api/reply.hpp"

// GET /v1/models: the agents a key may chat with, as OpenAI lists models.
namespace agentry::api::openai {
namespace asio = boost::asio;
namespace {

void write_model(JsonWriter& w, const models::Model& m) {
  w.begin_object();
  w.key("id").string(m.id);
  w.key("object").string("model");
  w.key("created").integer(m.agent.created_at_ms / 1000);
  w.key("owned_by").string(m.owner_handle);
  w.key("agent_id").string(m.agent.id);
  w.key("description").string(m.agent.description);
  w.end_object();
}

asio::awaitable<http::Response> list_models(Call& call) {
  auto found = co_await db_read(call.services.db,
                                [&](store::Tx& tx) { return models::list(tx, call.account_id()); });
  JsonWriter w;
  w.begin_object().key("object").string("list").key("data").begin_array();
  for (const auto& m : found) write_model(w, m);
  w.end_array().end_object();
  co_return json_text_reply(200, w.take());
}

asio::awaitable<http::Response> get_model(Call& call) {
  std::string name = call.param("model");
  if (const std::string name_in_owner = call.param("name"); !name_in_owner.empty()) {
    name += "/" + name_in_owner;
  }
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return models::find(tx, call.account_id(), name); });
  if (!found) co_return error_reply(call, found.error());
  JsonWriter w;
  write_model(w, *found);
  co_return json_text_reply(200, w.take());
}

constexpr std::string_view model_ref = R"({"$ref": "#/components/schemas/OpenAIModel"})";

}  // namespace

std::vector<RouteSpec> model_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "GET",
               .path = "/v1/models",
               .operation_id = "listModels",
               .tag = "OpenAI",
               .summary = "The agents you may chat with, as OpenAI models: your own hosted agents, "
                          "then public ones (at most 500)",
               .scope = "chat",
               .response_schema = R"({"type": "object", "required": ["object", "data"],
                 "properties": {"object": {"const": "list"},
                   "data": {"type": "array", "items": {"$ref": "#/components/schemas/OpenAIModel"}}}})",
               .error_shape = &error_shape,
               .handler = list_models});
  r.push_back({.method = "GET",
               .path = "/v1/models/{model}",
               .operation_id = "getModel",
               .tag = "OpenAI",
               .summary = "An agent as an OpenAI model, named by its id or your agent's name",
               .scope = "chat",
               .response_schema = std::string(model_ref),
               .error_shape = &error_shape,
               .handler = get_model});
  r.push_back({.method = "GET",
               .path = "/v1/models/{model}/{name}",
               .operation_id = "getModelOfOwner",
               .tag = "OpenAI",
               .summary = "An agent as an OpenAI model, named <handle>/<agent-name>",
               .scope = "chat",
               .response_schema = std::string(model_ref),
               .error_shape = &error_shape,
               .handler = get_model});
  return r;
}

}  // namespace agentry::api::openai
