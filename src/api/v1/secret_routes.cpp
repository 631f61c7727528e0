#include <boost/json/object.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/secrets.hpp"
#include "views/resources.hpp"

// /v1/account/secrets: write-only credentials. Values go in and are never sent back — the API
// shows names and times only.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

asio::awaitable<http::Response> list_secrets(Call& call) {
  auto all = co_await db_read(call.services.db,
                              [&](store::Tx& tx) { return secrets::list(tx, call.account_id()); });
  co_return secrets_reply(all);
}

// PUT /v1/account/secrets {"secrets": {"name": "value", ...}}: several at once, all or none.
asio::awaitable<http::Response> put_secrets(Call& call) {
  const auto values = secrets_of(call);
  auto all = co_await call_write(call, [&](store::Tx& tx) {
    return secrets::put_all(tx, call.services.vault, call.account_id(), values, call.now_ms);
  });
  if (!all) co_return error_reply(call, all.error());
  co_return secrets_reply(*all);
}

asio::awaitable<http::Response> put_secret(Call& call) {
  const std::string name = call.param("name");
  const json::string& value = call.body.as_object().at("value").as_string();
  auto put = co_await call_write(call, [&](store::Tx& tx) {
    return secrets::put(tx, call.services.vault, call.account_id(), name, value, call.now_ms);
  });
  if (!put) co_return error_reply(call, put.error());
  co_return secret_put_reply(*put, "/v1/account/secrets/" + name);
}

asio::awaitable<http::Response> get_secret(Call& call) {
  const std::string name = call.param("name");
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return secrets::find(tx, call.account_id(), name); });
  if (!found) co_return error_reply(call, found.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_secret(w, *found); });
}

asio::awaitable<http::Response> delete_secret(Call& call) {
  const std::string name = call.param("name");
  auto removed = co_await call_write(
      call, [&](store::Tx& tx) { return secrets::remove(tx, call.account_id(), name); });
  if (!removed) co_return error_reply(call, removed.error());
  http::Response r;
  r.status = 204;
  co_return r;
}

constexpr std::string_view value_schema =
    R"({"type": "string", "minLength": 1, "maxLength": 8192, "writeOnly": true})";

const std::string secret_schema = data_of("Secret");
const std::string secrets_schema = list_of("Secret");

}  // namespace

std::vector<std::pair<std::string, std::string>> secrets_of(const Call& call) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : call.body.as_object().at("secrets").as_object()) {
    out.emplace_back(std::string(name), std::string(value.as_string()));
  }
  return out;
}

http::Response secrets_reply(const std::vector<store::SecretRecord>& all) {
  return list_reply(all, views::write_secret, static_cast<std::int64_t>(all.size()),
                    store::Page{.limit = secrets::max_per_account, .offset = 0});
}

http::Response secret_put_reply(const store::SecretRecord& put, const std::string& location) {
  // A new secret is a create (201 with its Location); a replaced one is not.
  const bool created = put.created_at_ms == put.updated_at_ms;
  http::Response r =
      data_reply(created ? 201 : 200, [&](JsonWriter& w) { views::write_secret(w, put); });
  if (created) r.set_header("Location", location);
  return r;
}

std::string secret_value_schema() {
  return std::string(value_schema);
}

std::vector<RouteSpec> secret_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "GET",
               .path = "/v1/account/secrets",
               .operation_id = "listSecrets",
               .tag = "Account",
               .summary = "The names of the account's secrets (never their values)",
               .scope = "agents:read",
               .response_schema = secrets_schema,
               .handler = list_secrets});
  r.push_back({.method = "PUT",
               .path = "/v1/account/secrets",
               .operation_id = "putSecrets",
               .tag = "Account",
               .summary = "Store several secrets at once (all or none); values are write-only",
               .scope = "agents:write",
               .request_schema = R"({"type": "object", "additionalProperties": false,
                 "required": ["secrets"], "properties": {"secrets": {"type": "object",
                 "minProperties": 1, "maxProperties": 100, "additionalProperties": )" +
                                 std::string(value_schema) + "}}}",
               .response_schema = secrets_schema,
               .errors = {403},
               .handler = put_secrets});
  r.push_back({.method = "PUT",
               .path = "/v1/account/secrets/{name}",
               .operation_id = "putSecret",
               .tag = "Account",
               .summary = "Store or replace one secret; its value is write-only",
               .scope = "agents:write",
               .request_schema = R"({"type": "object", "additionalProperties": false,
                 "required": ["value"], "properties": {"value": )" +
                                 std::string(value_schema) + "}}",
               .response_schema = secret_schema,
               .errors = {403},
               .creates_or_updates = true,
               .handler = put_secret});
  r.push_back({.method = "GET",
               .path = "/v1/account/secrets/{name}",
               .operation_id = "getSecret",
               .tag = "Account",
               .summary = "A secret's name and times (never its value)",
               .scope = "agents:read",
               .response_schema = secret_schema,
               .handler = get_secret});
  r.push_back({.method = "DELETE",
               .path = "/v1/account/secrets/{name}",
               .operation_id = "deleteSecret",
               .tag = "Account",
               .summary = "Delete a secret",
               .scope = "agents:write",
               .success_status = 204,
               .handler = delete_secret});
  return r;
}

}  // namespace agentry::api::v1
