#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/chat.hpp"
#include "views/resources.hpp"

// Chat sessions: POST/GET /v1/sessions, GET/DELETE /v1/sessions/{id}, GET .../messages.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

std::optional<std::string> text_of(const json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

asio::awaitable<http::Response> create_session(Call& call) {
  const json::object& body = call.body.as_object();
  const std::string agent = *text_of(body, "agentId");
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return chat::open_session(tx, call.account_id(), agent, text_of(body, "endUserId"),
                                  text_of(body, "title").value_or(""), call.now_ms);
      },
      [](const store::SessionRecord& session) {
        http::Response r =
            data_reply(201, [&](JsonWriter& w) { views::write_session(w, session); });
        r.set_header("Location", "/v1/sessions/" + session.id);
        return r;
      });
}

asio::awaitable<http::Response> list_sessions(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto cursor = cursor_of(call, "ses");
  if (!cursor) co_return error_reply(call, cursor.error());
  const auto agent = call.query_value("agentId");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return chat::list_sessions(tx, call.account_id(), agent, *cursor, page->limit + 1);
  });
  co_return cursor_list_reply(found, page->limit, views::write_session,
                              [](const store::SessionRecord& s) { return s.id; });
}

asio::awaitable<http::Response> get_session(Call& call) {
  const std::string id = call.param("id");
  auto session = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return chat::get_session(tx, call.account_id(), id);
  });
  if (!session) co_return error_reply(call, session.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_session(w, *session); });
}

asio::awaitable<http::Response> list_messages(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto cursor = cursor_of(call, "msg");
  if (!cursor) co_return error_reply(call, cursor.error());
  const std::string id = call.param("id");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return chat::list_messages(tx, call.account_id(), id, *cursor, page->limit + 1);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return cursor_list_reply(*found, page->limit, views::write_message,
                              [](const store::MessageRecord& m) { return m.id; });
}

asio::awaitable<http::Response> delete_session(Call& call) {
  const std::string id = call.param("id");
  auto deleted = co_await call_write(
      call, [&](store::Tx& tx) { return chat::delete_session(tx, call.account_id(), id); });
  if (!deleted) co_return error_reply(call, deleted.error());
  http::Response r;
  r.status = 204;
  co_return r;
}

}  // namespace

std::vector<RouteSpec> session_routes() {
  std::vector<QueryParam> list_params = cursor_query_params();
  list_params.push_back({"agentId", R"({"type":"string"})", "Only sessions with this agent."});
  return {{.method = "POST",
           .path = "/v1/sessions",
           .operation_id = "createSession",
           .tag = "Chat",
           .summary = "Open a chat session with a hosted agent you may run",
           .scope = "chat",
           .request_schema = R"({"type": "object", "additionalProperties": false,
             "required": ["agentId"], "properties": {
               "agentId": {"type": "string", "minLength": 1, "maxLength": 64},
               "endUserId": {"type": "string", "minLength": 1, "maxLength": 128, "description": "Your own id of the person chatting, for your records."},
               "title": {"type": "string", "maxLength": 80}}})",
           .success_status = 201,
           .response_schema = data_of("Session"),
           .errors = {404, 409},
           .handler = create_session},
          {.method = "GET",
           .path = "/v1/sessions",
           .operation_id = "listSessions",
           .tag = "Chat",
           .summary = "Your chat sessions, newest first",
           .scope = "chat",
           .query = std::move(list_params),
           .response_schema = cursor_list_of(R"({"$ref": "#/components/schemas/Session"})"),
           .handler = list_sessions},
          {.method = "GET",
           .path = "/v1/sessions/{id}",
           .operation_id = "getSession",
           .tag = "Chat",
           .summary = "Read a chat session",
           .scope = "chat",
           .response_schema = data_of("Session"),
           .handler = get_session},
          {.method = "GET",
           .path = "/v1/sessions/{id}/messages",
           .operation_id = "listSessionMessages",
           .tag = "Chat",
           .summary = "A session's messages, newest first",
           .scope = "chat",
           .query = cursor_query_params(),
           .response_schema = cursor_list_of(R"({"$ref": "#/components/schemas/ChatMessage"})"),
           .handler = list_messages},
          {.method = "DELETE",
           .path = "/v1/sessions/{id}",
           .operation_id = "deleteSession",
           .tag = "Chat",
           .summary = "Delete a session and its messages",
           .scope = "chat",
           .success_status = 204,
           .response_schema = "",
           .handler = delete_session}};
}

}  // namespace agentry::api::v1
