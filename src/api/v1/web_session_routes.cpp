#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/session_cookie.hpp"
#include "api/v1/routes.hpp"
#include "domain/web_sessions.hpp"
#include "views/values.hpp"

// /v1/web/session: the dashboard's sign-in. The page sends a key once and holds an HttpOnly
// session cookie instead; changes made with it carry the session's CSRF token.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

constexpr std::string_view session_schema =
    R"({"type": "object", "required": ["data"], "properties": {
  "data": {"type": "object",
    "required": ["id", "expiresAt", "csrfToken", "accountId", "keyId", "scopes", "plan", "isAdmin"],
    "properties": {
      "id": {"type": "string", "example": "ws_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "expiresAt": {"type": "string", "format": "date-time"},
      "csrfToken": {"type": "string", "description": "Send it as X-CSRF-Token with every change made through this session."},
      "accountId": {"type": "string"},
      "keyId": {"type": "string", "description": "The key the session acts as, with its scopes as they are now."},
      "scopes": {"type": "array", "items": {"type": "string"}},
      "plan": {"type": "string"},
      "isAdmin": {"type": "boolean"}}}}})";

http::Response session_reply(unsigned status, const web_sessions::Session& s) {
  return data_reply(status, [&](JsonWriter& w) {
    w.begin_object().key("id").string(s.id).key("expiresAt");
    views::write_timestamp(w, s.expires_at_ms);
    w.key("csrfToken").string(s.csrf_token);
    w.key("accountId").string(s.principal.account_id).key("keyId").string(s.principal.key_id);
    w.key("scopes").strings(s.principal.scopes).key("plan").string(s.principal.plan);
    w.key("isAdmin").boolean(s.principal.is_admin).end_object();
  });
}

// The session token of a request authenticated by its cookie (one that sent a key is not).
Result<std::string> session_token(const Call& call) {
  auto token = session_cookie::token_of(call.request);
  if (!token || !call.request.header("authorization").empty() ||
      !call.request.header("x-api-key").empty()) {
    return make_error(Errc::not_found,
                      "no dashboard session: this request was made with an API key, not the "
                      "session cookie");
  }
  return std::move(*token);
}

asio::awaitable<http::Response> sign_in(Call& call) {
  const std::string key = *call.body_string("apiKey");
  auto opened = co_await db_write(
      call.services.db, [&](store::Tx& tx) { return web_sessions::open(tx, key, call.now_ms); });
  if (!opened) co_return error_reply(call, opened.error());
  http::Response r = session_reply(201, opened->session);
  r.set_header("Set-Cookie",
               session_cookie::set(call.request, opened->token, web_sessions::ttl_ms / 1000));
  r.set_header("Cache-Control", "no-store");
  co_return r;
}

asio::awaitable<http::Response> show(Call& call) {
  const auto token = session_token(call);
  if (!token) co_return error_reply(call, token.error());
  auto session = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return web_sessions::resolve(tx, *token, call.now_ms);
  });
  if (!session) co_return error_reply(call, session.error());
  http::Response r = session_reply(200, *session);
  r.set_header("Cache-Control", "no-store");
  co_return r;
}

asio::awaitable<http::Response> sign_out(Call& call) {
  const auto token = session_token(call);
  if (!token) co_return error_reply(call, token.error());
  co_await db_write(call.services.db, [&](store::Tx& tx) {
    auto session = web_sessions::resolve(tx, *token, call.now_ms);
    if (session) web_sessions::end(tx, session->id, call.now_ms);
    return session.has_value();
  });
  http::Response r = no_content();
  r.set_header("Set-Cookie", session_cookie::clear(call.request));
  co_return r;
}

}  // namespace

std::vector<RouteSpec> web_session_routes() {
  return {
      {.method = "POST",
       .path = "/v1/web/session",
       .operation_id = "signIn",
       .tag = "Dashboard",
       .summary = "Signs the dashboard in with an API key: answers an HttpOnly, SameSite=Strict "
                  "session cookie bound to that key (its scopes as they are at each request; "
                  "12 hours; ended by signing out or by revoking the key) and the CSRF token "
                  "that every change made with it sends as X-CSRF-Token. Counted per client "
                  "address like a request with an unknown key",
       .access = Access::open,
       .request_schema = R"({"type": "object", "additionalProperties": false,
             "required": ["apiKey"], "properties": {
               "apiKey": {"type": "string", "minLength": 1, "maxLength": 256, "description": "The key to act as; the browser is not given it back."}}})",
       .success_status = 201,
       .response_schema = std::string(session_schema),
       .errors = {401},
       .limit_by_address = true,
       .handler = sign_in},
      {.method = "GET",
       .path = "/v1/web/session",
       .operation_id = "getWebSession",
       .tag = "Dashboard",
       .summary = "The dashboard session the request's cookie holds, with its CSRF token; "
                  "404 when the request was made with a key instead",
       .response_schema = std::string(session_schema),
       .errors = {404},
       .handler = show},
      {.method = "DELETE",
       .path = "/v1/web/session",
       .operation_id = "signOut",
       .tag = "Dashboard",
       .summary = "Signs the dashboard session out on the server and clears its cookie",
       .success_status = 204,
       .errors = {403, 404},
       .handler = sign_out}};
}

}  // namespace agentry::api::v1
