#include <memory>

#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "domain/scopes.hpp"
#include "domain/stream_tokens.hpp"
#include "http/router.hpp"
#include "views/values.hpp"

// POST /v1/stream-tokens: a token that opens one stream without a key in a header, for a
// browser's EventSource (which cannot send headers).
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

struct Streams {
  std::vector<StreamRoute> routes;
  http::Router router;
};

asio::awaitable<http::Response> mint_stream_token(std::shared_ptr<const Streams> streams,
                                                  Call& call) {
  const std::string url = *call.body_string("url");
  const std::size_t query_at = url.find('?');
  const std::string path = url.substr(0, query_at);
  const auto match = streams->router.match("GET", path);
  if (!path.starts_with("/") || match.kind != http::Router::Match::Kind::found) {
    co_return error_reply(call,
                          make_error(Errc::validation_error,
                                     "url: " + path +
                                         " is not a stream of this API (GET "
                                         "/v1/runs/{id}/events, /v1/agents/{id}/logs/stream, …)",
                                     "url"));
  }
  const std::string& scope = streams->routes[match.route_id].scope;
  if (!scope.empty() && !scopes::allows(call.principal->scopes, scope)) {
    co_return error_reply(
        call, make_error(Errc::insufficient_scope,
                         "this API key lacks the \"" + scope + "\" scope that the stream needs"));
  }
  auto minted = co_await db_write(call.services.db, [&](store::Tx& tx) {
    return stream_tokens::mint(tx, call.account_id(), call.principal->key_id, path, call.now_ms);
  });
  std::string with_token = url + (query_at == std::string::npos ? "?" : "&");
  with_token += "token=" + minted.token;
  co_return data_reply(200, [&](JsonWriter& w) {
    w.begin_object().key("token").string(minted.token).key("url").string(with_token);
    w.key("expiresAt");
    views::write_timestamp(w, minted.expires_at_ms);
    w.end_object();
  });
}

}  // namespace

std::vector<RouteSpec> stream_token_routes(std::vector<StreamRoute> stream_routes) {
  auto streams = std::make_shared<Streams>();
  streams->routes = std::move(stream_routes);
  for (std::size_t i = 0; i < streams->routes.size(); ++i) {
    streams->router.add("GET", streams->routes[i].path, i);
  }
  return {{.method = "POST",
           .path = "/v1/stream-tokens",
           .operation_id = "createStreamToken",
           .tag = "Streams",
           .summary = "A token for one stream (its url's path), for a browser's EventSource "
                      "which cannot send headers: append it as ?token=; single use, valid 60 s, "
                      "with this key's scopes",
           .request_schema = R"({"type": "object", "additionalProperties": false,
             "required": ["url"], "properties": {
               "url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "The stream's path (and query), as /v1/runs/run_.../events."}}})",
           .response_schema = R"({"type": "object", "required": ["data"], "properties": {
             "data": {"type": "object", "required": ["token", "url", "expiresAt"], "properties": {
               "token": {"type": "string", "example": "st_0123456789abcdefghijABCDEFGHIJkl"},
               "url": {"type": "string", "description": "The url with ?token= appended: give it to EventSource."},
               "expiresAt": {"type": "string", "format": "date-time"}}}}})",
           .errors = {403},
           .handler = [streams](Call& call) { return mint_stream_token(streams, call); }}};
}

}  // namespace agentry::api::v1
