#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/clock.hpp"
#include "core/json_escape.hpp"
#include "core/limits.hpp"
#include "core/standard_webhooks.hpp"
#include "domain/agents.hpp"
#include "domain/remote_agents.hpp"
#include "runtime/await_db.hpp"
#include "runtime/run_execution.hpp"

// A run of a remote agent: its input POSTed to the agent's endpointUrl through the guarded
// client, signed with the agent's signing secret (Standard Webhooks headers). The agent answers
// with its result, or with 202 and reports later through the API.
namespace agentry::runtime {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace asio::experimental::awaitable_operators;

namespace {

std::string message_of(const store::RunRecord& run, std::int64_t deadline_ms) {
  std::string body = R"({"type":"run","runId":)";
  append_json_string(body, run.id);
  body += R"(,"agentId":)";
  append_json_string(body, run.agent_id);
  body += R"(,"attempt":)" + std::to_string(run.attempts);
  body += R"(,"input":)" + run.input;
  body += R"(,"contextData":)" + run.context_data.value_or("null");
  body += R"(,"deadline":)";
  append_json_string(body, format_rfc3339(deadline_ms));
  body += "}";
  return body;
}

// The result in a 2xx answer: the value of "result" when the answer is an object with one,
// else the whole answer; nullopt when the answer is not JSON.
std::optional<std::string> result_in(const std::string& answer) {
  boost::system::error_code ec;
  json::value v = json::parse(answer, ec);
  if (ec) return std::nullopt;
  if (v.is_object()) {
    if (const auto* result = v.as_object().if_contains("result")) return json::serialize(*result);
  }
  return json::serialize(v);
}

}  // namespace

asio::awaitable<void> RunWorker::call_remote(const store::RunRecord& run, Execution& exec,
                                             Attempt& attempt, std::int64_t deadline_ms) {
  auto agent = co_await db_read(db_, [&](store::Tx& tx) { return agents::load(tx, run.agent_id); });
  if (!agent || !agent->endpoint_url) {
    attempt.outcome = failure("agent_deleted", "the agent or its endpointUrl is gone");
    co_return;
  }
  const std::string secret = co_await db_write(db_, [&](store::Tx& tx) {
    return remote_agents::signing_secret(tx, vault_, *agent, false, clock_.now_ms());
  });
  const std::string body = message_of(run, deadline_ms);
  const std::string message_id = run.id + "-" + std::to_string(run.attempts);
  const std::int64_t timestamp_s = clock_.now_ms() / 1000;
  OutboundRequest request{
      .url = *agent->endpoint_url,
      .headers = {{"Content-Type", "application/json"},
                  {"webhook-id", message_id},
                  {"webhook-timestamp", std::to_string(timestamp_s)},
                  {"webhook-signature",
                   standard_webhooks::sign(secret, message_id, timestamp_s, body).value_or("")}},
      .body = body};
  std::string answer;
  auto call = [&]() -> asio::awaitable<Result<OutboundResponse>> {
    co_return co_await providers_.client().send(
        std::move(request),
        {.timeout_ms = std::max<std::int64_t>(deadline_ms - clock_.now_ms(), 1),
         .max_response_bytes = limits::run_max_output_bytes,
         .guarded = true,
         .allow_loopback_http = options_.allow_loopback_http},
        [&](const OutboundResponse&, std::string_view bytes) -> Result<void> {
          answer.append(bytes);
          return Ok{};
        });
  };
  auto stopper = [&]() -> asio::awaitable<void> {
    if (exec.reason.load() != Execution::deadline) co_return;
    co_await exec.stop.async_wait(asio::as_tuple(asio::use_awaitable));
  };
  auto ended = co_await (call() || stopper());
  if (ended.index() == 1) {
    stopped(exec, run, attempt);
    co_return;
  }
  auto& response = std::get<0>(ended);
  if (!response) {
    const bool refused = response.error().code != Errc::unavailable;
    attempt.outcome = failure(refused ? "endpoint_refused" : "remote_unreachable",
                              "endpointUrl: " + response.error().message);
  } else if (response->status == 202) {
    attempt.hand_off = true;
  } else if (response->status / 100 != 2) {
    attempt.outcome =
        failure("remote_error", "the agent answered " + std::to_string(response->status));
  } else if (auto result = result_in(answer)) {
    attempt.outcome.kind = runs::Outcome::Kind::completed;
    attempt.outcome.result = std::move(*result);
  } else {
    attempt.outcome = failure("remote_error", "the agent's answer is not JSON");
  }
}

}  // namespace agentry::runtime
