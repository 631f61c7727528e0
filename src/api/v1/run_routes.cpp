#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/run_start.hpp"
#include "api/turn_setup.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/limits.hpp"
#include "domain/idempotency.hpp"
#include "domain/runs.hpp"
#include "domain/swarms.hpp"
#include "runtime/run_prompt.hpp"
#include "runtime/run_worker.hpp"
#include "views/resources.hpp"

// Runs: POST /v1/agents/{id}/runs, GET /v1/runs[/{id}], cancel, wait; POST /v1/execute.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::int64_t ms_per_second = 1000;

http::Response run_reply(unsigned status, const store::RunRecord& run) {
  return data_reply(status, [&](JsonWriter& w) { views::write_run(w, run); });
}

// The agent the request names already.
Result<std::string> named_agent(store::Tx&, const runs::Request& request) {
  return request.agent_id;
}

Result<std::optional<std::int64_t>> max_credits_of(const json::object& body,
                                                   std::string_view name) {
  const auto* v = body.if_contains(name);
  if (!v) return std::optional<std::int64_t>{};
  auto micro = micro_credits(*v, name);
  if (!micro) return micro.error();
  return std::optional<std::int64_t>(*micro);
}

// Starts a run of the agent `pick(tx, request)` names with the body's input, contextData and
// maxCredits: 202 with the run.
template <class Pick>
asio::awaitable<http::Response> start_run_of(Call& call, Pick pick) {
  const json::object& body = call.body.as_object();
  runs::Request request{.input = json::serialize(body.at("input")),
                        .timeout_ms = limits::run_timeout_ms};
  if (const auto* context = body.if_contains("contextData")) {
    request.context_data = json::serialize(*context);
  }
  auto max_credits = max_credits_of(body, "maxCredits");
  if (!max_credits) co_return error_reply(call, max_credits.error());
  request.max_credits = *max_credits;
  auto accepted = [](const store::RunRecord& run) {
    http::Response r = run_reply(202, run);
    r.set_header("Location", "/v1/runs/" + run.id);
    return r;
  };
  // With an Idempotency-Key the answer is kept in the run's own transaction.
  std::optional<http::Response> kept;
  auto run = co_await start_run(call, std::move(request), pick,
                                [&](store::Tx& tx, const store::RunRecord& created) {
                                  if (!call.idempotency) return;
                                  kept = accepted(created);
                                  keep_answer(call, tx, *kept);
                                });
  if (!run) co_return error_reply(call, run.error());
  co_return kept ? std::move(*kept) : accepted(*run);
}

asio::awaitable<http::Response> create_run(Call& call) {
  const std::string agent_id = call.param("id");
  co_return co_await start_run_of(
      call, [&](store::Tx&, const runs::Request&) -> Result<std::string> { return agent_id; });
}

// POST /v1/swarms/{id}/runs: the member swarms::pick_member chooses takes the run.
asio::awaitable<http::Response> create_swarm_run(Call& call) {
  const std::string swarm_id = call.param("id");
  std::optional<std::string> named;
  if (const auto* a = call.body.as_object().if_contains("agentId"); a && a->is_string()) {
    named = std::string(a->get_string());
  }
  co_return co_await start_run_of(
      call, [&](store::Tx& tx, const runs::Request& request) -> Result<std::string> {
        auto pick = swarms::pick_member(tx, call.account_id(), swarm_id,
                                        runtime::input_text_of(request.input), named);
        if (!pick) return pick.error();
        return std::move(pick->agent_id);
      });
}

asio::awaitable<http::Response> list_runs(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto cursor = cursor_of(call, "run");
  if (!cursor) co_return error_reply(call, cursor.error());
  store::RunFilter filter{.before_id = *cursor};
  if (auto agent = call.query_value("agentId")) filter.agent_id = *agent;
  if (auto parent = call.query_value("parentRunId")) filter.parent_run_id = *parent;
  if (auto status = call.query_value("status")) {
    static constexpr std::array states = {"queued",    "active", "cancelling",
                                          "completed", "failed", "cancelled"};
    if (std::find(states.begin(), states.end(), *status) == states.end()) {
      co_return error_reply(call, make_error(Errc::validation_error,
                                             "status: must be queued, active, cancelling, "
                                             "completed, failed or cancelled",
                                             "status"));
    }
    filter.status = *status;
  }
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return runs::list(tx, call.account_id(), filter, page->limit + 1);
  });
  co_return cursor_list_reply(found, page->limit, views::write_run,
                              [](const store::RunRecord& r) { return r.id; });
}

asio::awaitable<Result<store::RunRecord>> read_run(Call& call, const std::string& id) {
  co_return co_await db_read(call.services.db,
                             [&](store::Tx& tx) { return runs::get(tx, call.account_id(), id); });
}

asio::awaitable<http::Response> get_run(Call& call) {
  auto run = co_await read_run(call, call.param("id"));
  if (!run) co_return error_reply(call, run.error());
  co_return run_reply(200, *run);
}

asio::awaitable<http::Response> cancel_run(Call& call) {
  const std::string id = call.param("id");
  http::Response r = co_await write_reply(
      call, [&](store::Tx& tx) { return runs::cancel(tx, call.account_id(), id, call.now_ms); },
      [](const store::RunRecord& run) { return run_reply(200, run); }, runs::isolation);
  if (r.status == 200) call.services.worker.cancel(id);
  co_return r;
}

asio::awaitable<http::Response> wait_run(Call& call) {
  std::int64_t timeout_s = 30;
  if (auto t = call.query_value("timeout")) {
    char* end = nullptr;
    const long long v = std::strtoll(t->c_str(), &end, 10);
    if (t->empty() || *end != '\0' || v < 0 || v > limits::run_wait_max_ms / ms_per_second) {
      co_return error_reply(call,
                            make_error(Errc::validation_error,
                                       "timeout: must be a whole number of seconds from 0 to " +
                                           std::to_string(limits::run_wait_max_ms / ms_per_second),
                                       "timeout"));
    }
    timeout_s = v;
  }
  auto run = co_await await_run_end(call, call.param("id"), timeout_s * ms_per_second);
  if (!run) co_return error_reply(call, run.error());
  co_return run_reply(200, *run);
}

asio::awaitable<http::Response> execute(Call& call) {
  const json::object& body = call.body.as_object();
  runs::Request request{.agent_id = std::string(body.at("agentId").as_string()),
                        .source = "execute"};
  if (const auto* input = body.if_contains("input")) {
    request.input = json::serialize(*input);
  } else if (const auto* task = body.if_contains("taskDescription")) {
    request.input = json::serialize(json::object{{"taskDescription", *task}});
  } else {
    co_return error_reply(
        call, make_error(Errc::validation_error, "input or taskDescription is required", "input"));
  }
  if (const auto* context = body.if_contains("contextData")) {
    request.context_data = json::serialize(*context);
  }
  auto budget = max_credits_of(body, "budget");
  if (!budget) co_return error_reply(call, budget.error());
  request.max_credits = *budget;
  std::int64_t timeout_s = limits::run_timeout_ms / ms_per_second;
  if (const auto* t = body.if_contains("timeout")) timeout_s = t->to_number<std::int64_t>();
  request.timeout_ms = timeout_s * ms_per_second;
  auto ended = co_await execute_run(call, std::move(request), named_agent);
  if (!ended) co_return error_reply(call, ended.error());
  co_return run_reply(200, *ended);
}

// The agent's owner reports on a run handed to its remote agent.
template <class Step>
asio::awaitable<http::Response> report(Call& call, Step step) {
  const std::string id = call.param("id");
  http::Response r = co_await write_reply(
      call, [&](store::Tx& tx) { return step(tx, id); },
      [](const store::RunRecord& run) { return run_reply(200, run); }, runs::isolation);
  co_return r;
}

asio::awaitable<http::Response> report_progress(Call& call) {
  const json::object& body = call.body.as_object();
  const std::int64_t percent = body.at("progress").to_number<std::int64_t>();
  const std::string message =
      body.contains("message") ? std::string(body.at("message").as_string()) : std::string();
  co_return co_await report(call, [&](store::Tx& tx, const std::string& id) {
    return runs::report_progress(tx, call.account_id(), id, percent, message, call.now_ms);
  });
}

asio::awaitable<http::Response> report_complete(Call& call) {
  runs::Outcome outcome{.kind = runs::Outcome::Kind::completed,
                        .result = json::serialize(call.body.as_object().at("result"))};
  co_return co_await report(call, [&](store::Tx& tx, const std::string& id) {
    return runs::report_end(tx, call.account_id(), id, outcome, call.services.options.fee_bps,
                            call.services.prices, call.now_ms);
  });
}

asio::awaitable<http::Response> report_failure(Call& call) {
  const json::object& error = call.body.as_object().at("error").as_object();
  runs::Outcome outcome{.kind = runs::Outcome::Kind::failed,
                        .error_code = error.contains("code")
                                          ? std::string(error.at("code").as_string())
                                          : std::string("agent_error"),
                        .error_message = std::string(error.at("message").as_string())};
  co_return co_await report(call, [&](store::Tx& tx, const std::string& id) {
    return runs::report_end(tx, call.account_id(), id, outcome, call.services.options.fee_bps,
                            call.services.prices, call.now_ms);
  });
}

RouteSpec report_route(const std::string& verb, std::string summary, std::string schema,
                       Handler handler) {
  std::string name = verb;
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return {.method = "POST",
          .path = "/v1/runs/{id}/" + verb,
          .operation_id = "report" + name,
          .tag = "Runs",
          .summary = std::move(summary),
          .scope = "runs:write",
          .request_schema = std::move(schema),
          .response_schema = data_of("Run"),
          .errors = {409},
          .handler = std::move(handler)};
}

constexpr std::string_view create_schema = R"({
  "type": "object", "additionalProperties": false, "required": ["input"],
  "properties": {
    "input": {"type": "object", "additionalProperties": true, "description": "The run's input. For a hosted agent, an object with one text field (message, prompt, task, text or taskDescription) is sent as that text; any other as its JSON."},
    "contextData": {"description": "Additional context for the agent (a string or any JSON)."},
    "maxCredits": {"type": "number", "minimum": 0, "maximum": 1000000000, "description": "The most the run may cost: the model's output is limited to what it covers."}}})";

constexpr std::string_view swarm_run_schema = R"({
  "type": "object", "additionalProperties": false, "required": ["input"],
  "properties": {
    "input": {"type": "object", "additionalProperties": true, "description": "As for a run of an agent; its text also chooses the member."},
    "agentId": {"type": "string", "minLength": 1, "maxLength": 64, "description": "Run this member. Without it: the swarm's coordinator, else the running member whose capabilities share the most words with the input (the oldest member among equals)."},
    "contextData": {"description": "Additional context for the agent (a string or any JSON)."},
    "maxCredits": {"type": "number", "minimum": 0, "maximum": 1000000000, "description": "The most the run may cost."}}})";

constexpr std::string_view execute_schema = R"({
  "type": "object", "additionalProperties": false, "required": ["agentId"],
  "properties": {
    "agentId": {"type": "string", "minLength": 1, "maxLength": 64},
    "input": {"type": "object", "additionalProperties": true, "description": "As for a run."},
    "taskDescription": {"type": "string", "minLength": 1, "maxLength": 100000, "description": "Instead of input: the task in words."},
    "contextData": {"description": "Additional context for the agent."},
    "budget": {"type": "number", "minimum": 0, "maximum": 1000000000, "description": "The most the execution may cost, in credits."},
    "timeout": {"type": "integer", "minimum": 1, "maximum": 300, "description": "Seconds the run may take (default 300); it fails with error timeout after."}}})";

std::vector<QueryParam> list_params() {
  std::vector<QueryParam> params = cursor_query_params();
  params.push_back({"agentId", R"({"type":"string"})", "Only runs of this agent."});
  params.push_back({"parentRunId", R"({"type":"string"})",
                    "Only the runs this run's agent asked for through ask_agent."});
  params.push_back(
      {"status",
       R"({"type":"string","enum":["queued","active","cancelling","completed","failed","cancelled"]})",
       "Only runs in this state."});
  return params;
}

}  // namespace

std::vector<RouteSpec> run_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "POST",
               .path = "/v1/agents/{id}/runs",
               .operation_id = "createRun",
               .tag = "Runs",
               .summary = "Queue a run of your agent or a public one; its most possible cost is "
                          "held until it ends, and only a completed run is charged",
               .scope = "runs:write",
               .request_schema = std::string(create_schema),
               .success_status = 202,
               .response_schema = data_of("Run"),
               .errors = {402, 409, 429},
               .handler = create_run});
  r.push_back({.method = "POST",
               .path = "/v1/swarms/{id}/runs",
               .operation_id = "createSwarmRun",
               .tag = "Swarms",
               .summary = "Queue a run on one of your swarm's members: the one named, the "
                          "coordinator, or the best match of the members' capabilities",
               .scope = "runs:write",
               .request_schema = std::string(swarm_run_schema),
               .success_status = 202,
               .response_schema = data_of("Run"),
               .errors = {402, 409, 429},
               .handler = create_swarm_run});
  r.push_back({.method = "GET",
               .path = "/v1/runs",
               .operation_id = "listRuns",
               .tag = "Runs",
               .summary = "Your runs, newest first",
               .scope = "runs:read",
               .query = list_params(),
               .response_schema = cursor_list_of(R"({"$ref": "#/components/schemas/Run"})"),
               .handler = list_runs});
  r.push_back({.method = "GET",
               .path = "/v1/runs/{id}",
               .operation_id = "getRun",
               .tag = "Runs",
               .summary = "Read a run: status, progress, result, error, usage and cost",
               .scope = "runs:read",
               .response_schema = data_of("Run"),
               .handler = get_run});
  r.push_back({.method = "POST",
               .path = "/v1/runs/{id}/cancel",
               .operation_id = "cancelRun",
               .tag = "Runs",
               .summary = "Cancel a run: a queued one ends at once, an active one is stopped "
                          "(cancelling, then cancelled); its hold is released",
               .scope = "runs:write",
               .response_schema = data_of("Run"),
               .errors = {409},
               .handler = cancel_run});
  r.push_back({.method = "GET",
               .path = "/v1/runs/{id}/wait",
               .operation_id = "waitRun",
               .tag = "Runs",
               .summary = "Wait until the run ends or `timeout` seconds pass, then read it",
               .scope = "runs:read",
               .query = {{"timeout", R"({"type":"integer","minimum":0,"maximum":60})",
                          "Seconds to wait at most (default 30)."}},
               .response_schema = data_of("Run"),
               .handler = wait_run});
  r.push_back({.method = "POST",
               .path = "/v1/execute",
               .operation_id = "execute",
               .tag = "Runs",
               .summary = "Run an agent and answer with the ended run (a run like any other, "
                          "started with source execute)",
               .scope = "runs:write",
               .request_schema = std::string(execute_schema),
               .response_schema = data_of("Run"),
               .errors = {402, 409, 429},
               .handler = execute});
  r.push_back(report_route(
      "progress",
      "A remote agent's owner reports the progress of a run its agent accepted with 202",
      R"({"type": "object", "additionalProperties": false, "required": ["progress"],
          "properties": {"progress": {"type": "integer", "minimum": 0, "maximum": 100},
                         "message": {"type": "string", "maxLength": 2000}}})",
      report_progress));
  r.push_back(report_route(
      "complete",
      "A remote agent's owner delivers the result of a run its agent accepted with 202; the run "
      "is settled like any other",
      R"({"type": "object", "additionalProperties": false, "required": ["result"],
          "properties": {"result": {"description": "The run's result: any JSON value."}}})",
      report_complete));
  r.push_back(report_route(
      "fail",
      "A remote agent's owner reports that a run its agent accepted with 202 failed; its hold "
      "is released",
      R"({"type": "object", "additionalProperties": false, "required": ["error"],
          "properties": {"error": {"type": "object", "additionalProperties": false,
            "required": ["message"],
            "properties": {"code": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"},
                           "message": {"type": "string", "minLength": 1, "maxLength": 2000}}}}})",
      report_failure));
  return r;
}

}  // namespace agentry::api::v1
