#include "views/resources.hpp"

#include "views/values.hpp"

namespace agentry::views {

void write_run_result(JsonWriter& w, const store::RunRecord& run) {
  if (run.result) {
    w.raw(*run.result);
  } else {
    w.null();
  }
}

void write_run_error(JsonWriter& w, const store::RunRecord& run) {
  if (run.error_code) {
    w.begin_object().key("code").string(*run.error_code);
    w.key("message").string(run.error_message.value_or("")).end_object();
  } else {
    w.null();
  }
}

void write_run(JsonWriter& w, const store::RunRecord& run) {
  w.begin_object();
  w.key("id").string(run.id);
  w.key("agentId").string(run.agent_id);
  w.key("status").string(run.status);
  w.key("progress").integer(run.progress);
  w.key("source").string(run.source);
  w.key("input").raw(run.input);
  w.key("contextData");
  if (run.context_data) {
    w.raw(*run.context_data);
  } else {
    w.null();
  }
  w.key("result");
  write_run_result(w, run);
  w.key("error");
  write_run_error(w, run);
  w.key("usage").begin_object();
  w.key("inputTokens").integer(run.input_tokens).key("outputTokens").integer(run.output_tokens);
  w.end_object();
  w.key("model").optional_string(run.model);
  w.key("cost");
  write_credits(w, run.cost_micro);
  w.key("maxCost");
  write_credits(w, run.max_cost_micro);
  w.key("attempts").integer(run.attempts);
  w.key("parentRunId").optional_string(run.parent_run_id);
  w.key("depth").integer(run.depth);
  w.key("createdAt");
  write_timestamp(w, run.created_at_ms);
  w.key("startedAt");
  write_timestamp(w, run.started_at_ms);
  w.key("finishedAt");
  write_timestamp(w, run.finished_at_ms);
  w.key("durationMs");
  if (run.started_at_ms && run.finished_at_ms) {
    w.integer(*run.finished_at_ms - *run.started_at_ms);
  } else {
    w.null();
  }
  w.end_object();
}

}  // namespace agentry::views
