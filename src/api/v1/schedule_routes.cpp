#include <boost/json/serialize.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/credits_input.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/clock.hpp"
#include "domain/schedules.hpp"
#include "runtime/run_worker.hpp"
#include "runtime/schedule_worker.hpp"
#include "views/resources.hpp"

// /v1/schedules: cron schedules that start runs of an agent or send it a chat message, each with
// its next fire times and latest firings; /v1/schedules/preview shows when an expression fires.
// Scope: schedules.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

schedules::Rules rules_of(const Call& call) {
  return {.allow_seconds = call.services.options.schedule_seconds};
}

// The body's fields as a domain draft. The schema has already checked every type.
Result<schedules::Draft> draft_of(const Call& call) {
  const json::object& body = call.body.as_object();
  schedules::Draft d;
  if (const auto* v = body.if_contains("name")) d.name = std::string(v->as_string());
  if (const auto* v = body.if_contains("cron")) d.cron = std::string(v->as_string());
  if (const auto* v = body.if_contains("timeZone")) d.time_zone = std::string(v->as_string());
  if (const auto* v = body.if_contains("overlap")) d.overlap = std::string(v->as_string());
  if (const auto* target = body.if_contains("target")) {
    const json::object& t = target->as_object();
    if (const auto* v = t.if_contains("type")) d.target_kind = std::string(v->as_string());
    if (const auto* v = t.if_contains("agentId")) d.agent_id = std::string(v->as_string());
    if (const auto* v = t.if_contains("input")) d.input = json::serialize(*v);
    if (const auto* v = t.if_contains("sessionId")) {
      d.session_id = v->is_null() ? std::string() : std::string(v->as_string());
    }
    if (const auto* v = t.if_contains("message")) d.message = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("maxCredits")) {
    if (v->is_null()) {
      d.max_credits_micro.emplace(std::nullopt);
    } else {
      auto micro = micro_credits(*v, "maxCredits");
      if (!micro) return micro.error();
      d.max_credits_micro.emplace(*micro);
    }
  }
  return d;
}

// The schedule with its latest firings, read in `tx`.
struct Shown {
  store::ScheduleRecord schedule;
  std::vector<store::FiringRecord> firings;
};

Result<Shown> shown(store::Tx& tx, Result<store::ScheduleRecord> s) {
  if (!s) return s.error();
  auto firings = schedules::recent_firings(tx, *s);
  return Shown{std::move(*s), std::move(firings)};
}

http::Response schedule_reply(unsigned status, const Shown& s) {
  return data_reply(status,
                    [&](JsonWriter& w) { views::write_schedule(w, s.schedule, s.firings); });
}

asio::awaitable<http::Response> create_schedule(Call& call) {
  auto draft = draft_of(call);
  if (!draft) co_return error_reply(call, draft.error());
  auto created = co_await call_write(call, [&](store::Tx& tx) {
    return shown(tx, schedules::create(tx, call.account_id(), *draft, rules_of(call), call.now_ms));
  });
  if (!created) co_return error_reply(call, created.error());
  http::Response r = schedule_reply(201, *created);
  r.set_header("Location", "/v1/schedules/" + created->schedule.id);
  co_return r;
}

asio::awaitable<http::Response> list_schedules(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    auto listed = schedules::list(tx, call.account_id(), *page);
    store::PageOf<Shown> out{.total = listed.total};
    for (auto& s : listed.items) out.items.push_back(*shown(tx, std::move(s)));
    return out;
  });
  co_return list_reply(
      found.items,
      [](JsonWriter& w, const Shown& s) { views::write_schedule(w, s.schedule, s.firings); },
      found.total, *page);
}

asio::awaitable<http::Response> get_schedule(Call& call) {
  const std::string id = call.param("id");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return shown(tx, schedules::get(tx, call.account_id(), id));
  });
  if (!found) co_return error_reply(call, found.error());
  co_return schedule_reply(200, *found);
}

asio::awaitable<http::Response> update_schedule(Call& call) {
  const std::string id = call.param("id");
  auto draft = draft_of(call);
  if (!draft) co_return error_reply(call, draft.error());
  auto updated = co_await call_write(call, [&](store::Tx& tx) {
    return shown(tx,
                 schedules::update(tx, call.account_id(), id, *draft, rules_of(call), call.now_ms));
  });
  if (!updated) co_return error_reply(call, updated.error());
  co_return schedule_reply(200, *updated);
}

asio::awaitable<http::Response> delete_schedule(Call& call) {
  const std::string id = call.param("id");
  auto removed = co_await call_write(
      call, [&](store::Tx& tx) { return schedules::remove(tx, call.account_id(), id); });
  if (!removed) co_return error_reply(call, removed.error());
  http::Response r;
  r.status = 204;
  co_return r;
}

asio::awaitable<http::Response> pause_schedule(Call& call) {
  const std::string id = call.param("id");
  auto paused = co_await call_write(call, [&](store::Tx& tx) {
    return shown(tx, schedules::pause(tx, call.account_id(), id, call.now_ms));
  });
  if (!paused) co_return error_reply(call, paused.error());
  co_return schedule_reply(200, *paused);
}

asio::awaitable<http::Response> resume_schedule(Call& call) {
  const std::string id = call.param("id");
  auto resumed = co_await call_write(call, [&](store::Tx& tx) {
    return shown(tx, schedules::resume(tx, call.account_id(), id, call.now_ms));
  });
  if (!resumed) co_return error_reply(call, resumed.error());
  co_return schedule_reply(200, *resumed);
}

asio::awaitable<http::Response> trigger_schedule(Call& call) {
  const std::string id = call.param("id");
  const schedules::TermsOf terms =
      schedules::terms_by_plan(call.services.catalog, call.services.prices);
  auto fired = co_await call_write(call, [&](store::Tx& tx) {
    return schedules::trigger(tx, call.account_id(), id, terms, call.now_ms);
  });
  if (!fired) co_return error_reply(call, fired.error());
  if (fired->firing.run_id) call.services.worker.wake();
  if (fired->chat_to_send()) call.services.schedules.send_chat(*fired);
  co_return data_reply(202, [&](JsonWriter& w) { views::write_firing(w, fired->firing); });
}

asio::awaitable<http::Response> preview_schedule(Call& call) {
  const std::string cron = call.query_value("cron").value_or("");
  const std::string zone = call.query_value("timeZone").value_or("UTC");
  std::int64_t after = call.now_ms;
  if (auto from = call.query_value("from")) {
    auto parsed = parse_rfc3339(*from);
    if (!parsed) {
      co_return error_reply(
          call, make_error(Errc::validation_error, "from: an RFC 3339 date-time", "from"));
    }
    after = *parsed;
  }
  auto count = integer_param(call, "count", schedules::shown_fire_times, 1, 100);
  if (!count) co_return error_reply(call, count.error());
  auto times = schedules::preview(cron, zone, after, static_cast<int>(*count), rules_of(call));
  if (!times) co_return error_reply(call, times.error());
  co_return data_reply(200, [&](JsonWriter& w) {
    w.begin_object();
    w.key("cron").string(cron);
    w.key("timeZone").string(zone);
    w.key("fireTimes").begin_array();
    for (std::int64_t t : *times) w.string(format_rfc3339(t));
    w.end_array();
    w.end_object();
  });
}

constexpr std::string_view schedule_properties = R"(
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "cron": {"type": "string", "minLength": 1, "maxLength": 256, "description": "Five fields (minute hour day-of-month month day-of-week) or a macro: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly. With the server's --schedule-seconds, six fields, seconds first."},
    "timeZone": {"type": "string", "minLength": 1, "maxLength": 64, "description": "IANA time zone the expression reads in (default UTC)."},
    "maxCredits": {"type": ["number", "null"], "minimum": 0, "maximum": 1000000000, "description": "The most each run may cost; null: no cap."},
    "overlap": {"type": "string", "enum": ["skip", "queue"], "description": "skip (default): a firing while the last firing's run has not ended starts nothing; queue: it starts another run."})";

std::string schedule_schema(bool create) {
  const std::string target =
      std::string(R"("target": {"type": "object", "additionalProperties": false, )") +
      (create ? R"("required": ["agentId"], )" : "") +
      R"("properties": {"type": {"type": "string", "enum": ["run", "chat"], "description": "What a firing does: start a run of the agent (run, the default) or send a chat message to a hosted agent (chat)."}, "agentId": {"type": "string", "minLength": 1, "maxLength": 64}, "input": {"type": "object", "description": "run: the run's input (default {})."}, "sessionId": {"type": ["string", "null"], "maxLength": 64, "description": "chat: the session each message continues; without one every firing starts a new session."}, "message": {"type": "string", "minLength": 1, "maxLength": 100000, "description": "chat: the message each firing sends."}}})";
  return std::string(R"({"type": "object", "additionalProperties": false, )") +
         (create ? R"("required": ["name", "cron", "target"], )" : R"("minProperties": 1, )") +
         R"("properties": {)" + std::string(schedule_properties) + ", " + target + "}}";
}

RouteSpec schedule_route(RouteSpec r) {
  r.tag = "Schedules";
  r.scope = "schedules";
  return r;
}

}  // namespace

std::vector<RouteSpec> schedule_routes() {
  std::vector<RouteSpec> r;
  r.push_back(schedule_route({.method = "POST",
                              .path = "/v1/schedules",
                              .operation_id = "createSchedule",
                              .summary = "Create a schedule that starts a run of an agent, or "
                                         "sends it a chat message, at each time its cron "
                                         "expression names",
                              .request_schema = schedule_schema(true),
                              .success_status = 201,
                              .response_schema = data_of("Schedule"),
                              .handler = create_schedule}));
  r.push_back(schedule_route({.method = "GET",
                              .path = "/v1/schedules",
                              .operation_id = "listSchedules",
                              .summary = "Your schedules",
                              .query = page_query_params(),
                              .response_schema = list_of("Schedule"),
                              .handler = list_schedules}));
  r.push_back(schedule_route(
      {.method = "GET",
       .path = "/v1/schedules/preview",
       .operation_id = "previewSchedule",
       .summary = "When a cron expression fires in a time zone, without creating a schedule",
       .query =
           {{"cron", R"({"type": "string", "maxLength": 256})", "The expression."},
            {"timeZone", R"({"type": "string", "maxLength": 64})", "IANA zone (UTC)."},
            {"from", R"({"type": "string", "format": "date-time"})", "The times after this (now)."},
            {"count", R"({"type": "integer", "minimum": 1, "maximum": 100})", "How many (5)."}},
       .response_schema = data_of("SchedulePreview"),
       .handler = preview_schedule}));
  r.push_back(schedule_route({.method = "GET",
                              .path = "/v1/schedules/{id}",
                              .operation_id = "getSchedule",
                              .summary = "Read a schedule: its next five fire times and latest "
                                         "firings with their runs",
                              .response_schema = data_of("Schedule"),
                              .handler = get_schedule}));
  r.push_back(schedule_route({.method = "PATCH",
                              .path = "/v1/schedules/{id}",
                              .operation_id = "updateSchedule",
                              .summary = "Change a schedule; a new expression or zone is due at "
                                         "its first time from now",
                              .request_schema = schedule_schema(false),
                              .response_schema = data_of("Schedule"),
                              .handler = update_schedule}));
  r.push_back(schedule_route({.method = "DELETE",
                              .path = "/v1/schedules/{id}",
                              .operation_id = "deleteSchedule",
                              .summary = "Delete a schedule and its firings",
                              .success_status = 204,
                              .handler = delete_schedule}));
  r.push_back(schedule_route({.method = "POST",
                              .path = "/v1/schedules/{id}/pause",
                              .operation_id = "pauseSchedule",
                              .summary = "Pause a schedule: it fires no more until resumed",
                              .response_schema = data_of("Schedule"),
                              .handler = pause_schedule}));
  r.push_back(schedule_route({.method = "POST",
                              .path = "/v1/schedules/{id}/resume",
                              .operation_id = "resumeSchedule",
                              .summary = "Resume a paused schedule from its next time after now "
                                         "(what passed meanwhile does not fire)",
                              .response_schema = data_of("Schedule"),
                              .handler = resume_schedule}));
  r.push_back(schedule_route({.method = "POST",
                              .path = "/v1/schedules/{id}/trigger",
                              .operation_id = "triggerSchedule",
                              .summary = "Fire a schedule now, by hand (paused or not); its next "
                                         "times do not change",
                              .success_status = 202,
                              .response_schema = data_of("ScheduleFiring"),
                              .handler = trigger_schedule}));
  return r;
}

}  // namespace agentry::api::v1
