#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/clock.hpp"
#include "domain/activity.hpp"
#include "views/resources.hpp"

// GET /v1/activity: the account's audit trail, newest first, filtered and cursor-paged.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

Result<std::optional<std::int64_t>> time_of(const Call& call, std::string_view name) {
  auto text = call.query_value(name);
  if (!text) return std::optional<std::int64_t>{};
  auto at = parse_rfc3339(*text);
  if (!at) {
    return make_error(Errc::validation_error,
                      std::string(name) + ": an RFC 3339 date-time such as 2027-01-31T00:00:00Z",
                      std::string(name));
  }
  return std::optional<std::int64_t>(*at);
}

asio::awaitable<http::Response> list_activity(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  store::ActivityFilter filter;
  auto cursor = cursor_of(call, "act");
  if (!cursor) co_return error_reply(call, cursor.error());
  filter.before_id = *cursor;
  filter.actor = call.query_value("actor");
  filter.action = call.query_value("action");
  filter.target_id = call.query_value("target");
  auto from = time_of(call, "from");
  if (!from) co_return error_reply(call, from.error());
  auto to = time_of(call, "to");
  if (!to) co_return error_reply(call, to.error());
  filter.from_ms = *from;
  filter.to_ms = *to;
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return activity::list(tx, call.account_id(), filter, page->limit + 1);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return cursor_list_reply(*found, page->limit, views::write_activity,
                              [](const store::ActivityRecord& a) { return a.id; });
}

std::vector<QueryParam> list_params() {
  std::vector<QueryParam> params = cursor_query_params();
  params.push_back(
      {"actor", R"({"type":"string","maxLength":64,"example":"key_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"})",
       "Only what this key did, or admin, or system."});
  params.push_back({"action", R"({"type":"string","maxLength":64,"example":"credits.*"})",
                    "Only this action (an operation such as createAgent, or credits.<kind>), or "
                    "a prefix ending in *."});
  params.push_back(
      {"target", R"({"type":"string","maxLength":64})", "Only entries about this id."});
  params.push_back(
      {"from", R"({"type":"string","format":"date-time"})", "Only entries at or after this time."});
  params.push_back(
      {"to", R"({"type":"string","format":"date-time"})", "Only entries before this time."});
  return params;
}

}  // namespace

std::vector<RouteSpec> activity_routes() {
  return {{.method = "GET",
           .path = "/v1/activity",
           .operation_id = "listActivity",
           .tag = "Activity",
           .summary = "Your account's activity log: every change made through the API and every "
                      "money movement, who made it and from where, newest first; kept 90 days "
                      "unless the operator says otherwise",
           .scope = "activity:read",
           .query = list_params(),
           .response_schema = cursor_list_of(R"({"$ref": "#/components/schemas/Activity"})"),
           .handler = list_activity}};
}

}  // namespace agentry::api::v1
