#include <boost/json/array.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/accounts.hpp"
#include "domain/scopes.hpp"
#include "views/resources.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::int64_t day_ms = 86'400'000;

asio::awaitable<http::Response> create_key(Call& call) {
  const json::object& body = call.body.as_object();
  accounts::NewKey key;
  key.name = body.contains("name") ? std::string(body.at("name").as_string()) : "API key";
  if (const auto* requested = body.if_contains("scopes")) {
    std::vector<std::string> names;
    for (const auto& s : requested->as_array()) names.emplace_back(s.as_string());
    std::string unknown;
    auto normalized = scopes::normalize(names, unknown);
    if (!normalized) {
      co_return error_reply(
          call, make_error(Errc::validation_error, "scopes: unknown scope \"" + unknown + "\"",
                           "scopes"));
    }
    key.scopes = std::move(*normalized);
  } else {
    key.scopes = call.principal->scopes;
  }
  if (body.contains("expiresAt") && body.contains("expiresInDays")) {
    co_return error_reply(
        call,
        make_error(Errc::validation_error,
                   "expiresInDays: give expiresAt or expiresInDays, not both", "expiresInDays"));
  }
  if (const auto* at = body.if_contains("expiresAt")) {
    key.expires_at_ms = parse_rfc3339(at->as_string());
  } else if (const auto* days = body.if_contains("expiresInDays")) {
    key.expires_at_ms = call.now_ms + days->to_number<std::int64_t>() * day_ms;
  }
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return accounts::create_key(tx, call.services.catalog, call.account_id(),
                                    call.principal->scopes, key, call.now_ms);
      },
      [](const accounts::CreatedKey& created) {
        http::Response r = data_reply(
            201, [&](JsonWriter& w) { views::write_api_key(w, created.record, created.secret); });
        r.set_header("Location", "/v1/api-keys/" + created.record.id);
        return r;
      });
}

asio::awaitable<http::Response> list_keys(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return accounts::list_keys(tx, call.account_id(), *page);
  });
  co_return list_reply(
      found.items, [](JsonWriter& w, const store::ApiKeyRecord& k) { views::write_api_key(w, k); },
      found.total, *page);
}

asio::awaitable<http::Response> revoke_key(Call& call) {
  const std::string id = call.param("id");
  auto revoked = co_await call_write(call, [&](store::Tx& tx) {
    return accounts::revoke_key(tx, call.account_id(), call.principal->scopes, id, call.now_ms);
  });
  if (!revoked) co_return error_reply(call, revoked.error());
  http::Response done;
  done.status = 204;
  co_return done;
}

asio::awaitable<http::Response> get_key(Call& call) {
  const std::string id = call.param("id");
  auto key = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return accounts::find_key(tx, call.account_id(), id);
  });
  if (!key) co_return error_reply(call, key.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_api_key(w, *key); });
}

constexpr std::string_view create_key_schema = R"({
  "type": "object", "additionalProperties": false,
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "scopes": {"type": "array", "maxItems": 32, "items": {"type": "string", "maxLength": 64},
               "description": "Canonical scopes (agents:read ...) or the aliases read:agents, read, read-write. Defaults to the calling key's scopes."},
    "expiresAt": {"type": "string", "format": "date-time"},
    "expiresInDays": {"type": "integer", "minimum": 1, "maximum": 3650}
  }})";

}  // namespace

std::vector<RouteSpec> api_key_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "POST",
               .path = "/v1/api-keys",
               .operation_id = "createApiKey",
               .tag = "API keys",
               .summary = "Create a key; the secret is in this response only",
               .request_schema = std::string(create_key_schema),
               .success_status = 201,
               .response_schema = data_of("ApiKey"),
               .errors = {403},
               .answer_holds_secret = true,
               .handler = create_key});
  r.push_back({.method = "GET",
               .path = "/v1/api-keys",
               .operation_id = "listApiKeys",
               .tag = "API keys",
               .summary = "List the account's keys (never their secrets)",
               .query = page_query_params(),
               .response_schema = list_of("ApiKey"),
               .handler = list_keys});
  r.push_back({.method = "GET",
               .path = "/v1/api-keys/{id}",
               .operation_id = "getApiKey",
               .tag = "API keys",
               .summary =
                   "One of the account's keys: its prefix, scopes, lastUsedAt, expiresAt and "
                   "revokedAt (never the secret)",
               .response_schema = data_of("ApiKey"),
               .handler = get_key});
  r.push_back({.method = "DELETE",
               .path = "/v1/api-keys/{id}",
               .operation_id = "revokeApiKey",
               .tag = "API keys",
               .summary = "Revoke a key; it fails from its next request on (GET it to see "
                          "revokedAt)",
               .success_status = 204,
               .errors = {403},
               .handler = revoke_key});
  return r;
}

}  // namespace agentry::api::v1
