#include "api/await_db.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/events.hpp"
#include "views/resources.hpp"

// GET /v1/events: the account's events, newest first, cursor-paged; GET /v1/events/{id}.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace {

// A filter names at most this many type patterns.
constexpr std::size_t max_type_patterns = 32;

// "run.*,task.posted" → the patterns, each checked.
Result<std::vector<std::string>> patterns_of(std::string_view text, std::string_view field) {
  std::vector<std::string> out;
  for (;;) {
    const std::size_t comma = text.find(',');
    const std::string_view one = text.substr(0, comma);
    if (!events::valid_pattern(one)) {
      return make_error(Errc::validation_error,
                        std::string(field) + ": \"" + std::string(one.substr(0, 100)) +
                            "\" is not an event type, a prefix such as run.* or *",
                        std::string(field));
    }
    out.emplace_back(one);
    if (out.size() > max_type_patterns) {
      return make_error(
          Errc::validation_error,
          std::string(field) + ": at most " + std::to_string(max_type_patterns) + " patterns",
          std::string(field));
    }
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

asio::awaitable<http::Response> list_events(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  store::EventFilter filter;
  auto cursor = cursor_of(call, "evt");
  if (!cursor) co_return error_reply(call, cursor.error());
  filter.before_id = *cursor;
  if (auto type = call.query_value("type")) {
    auto patterns = patterns_of(*type, "type");
    if (!patterns) co_return error_reply(call, patterns.error());
    filter.types = std::move(*patterns);
  }
  if (auto agent = call.query_value("agentId")) filter.agent_id = *agent;
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return events::list(tx, call.account_id(), filter, page->limit + 1);
  });
  co_return cursor_list_reply(found, page->limit, views::write_event,
                              [](const store::EventRecord& e) { return e.id; });
}

asio::awaitable<http::Response> get_event(Call& call) {
  const std::string id = call.param("id");
  auto event = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return events::get(tx, call.account_id(), id); });
  if (!event) co_return error_reply(call, event.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_event(w, *event); });
}

std::vector<QueryParam> list_params() {
  std::vector<QueryParam> params = cursor_query_params();
  params.push_back({"type", R"({"type":"string","maxLength":2000,"example":"run.*,task.posted"})",
                    "Only events of these types: a comma-separated list of types, prefixes such "
                    "as run.* and *."});
  params.push_back({"agentId", R"({"type":"string"})", "Only events about this agent."});
  return params;
}

}  // namespace

std::vector<RouteSpec> event_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "GET",
               .path = "/v1/events",
               .operation_id = "listEvents",
               .tag = "Events",
               .summary = "Your account's events (state changes), newest first; kept 30 days "
                          "unless the operator says otherwise",
               .scope = "events:read",
               .query = list_params(),
               .response_schema = cursor_list_of(R"({"$ref": "#/components/schemas/Event"})"),
               .handler = list_events});
  r.push_back({.method = "GET",
               .path = "/v1/events/{id}",
               .operation_id = "getEvent",
               .tag = "Events",
               .summary = "Read one event",
               .scope = "events:read",
               .response_schema = data_of("Event"),
               .handler = get_event});
  return r;
}

}  // namespace agentry::api::v1
