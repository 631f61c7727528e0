#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Runs and their events as the store keeps them, and how a list of runs is filtered.
namespace agentry::store {

struct RunRecord {
  std::string id;
  std::string account_id;  // who runs it and pays
  std::string agent_id;
  std::string agent_account_id;  // the agent's owner, paid its pricePerTask
  std::string agent_kind;        // hosted | remote
  std::optional<std::string> model;
  std::string source;                 // run | execute
  std::optional<std::string> key_id;  // the API key that started it, if one did
  std::string status;  // queued | active | cancelling | completed | failed | cancelled
  std::int64_t progress = 0;
  std::string input;                        // JSON text
  std::optional<std::string> context_data;  // JSON text
  std::optional<std::string> result;        // JSON text
  std::optional<std::string> error_code;
  std::optional<std::string> error_message;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t max_output_tokens = 0;
  std::int64_t price_per_task_micro = 0;  // part of max_cost_micro
  std::int64_t discount_percent = 0;      // the payer's volume discount on tokens when created
  std::int64_t max_cost_micro = 0;        // held when the run was created
  std::int64_t cost_micro = 0;            // captured on success
  std::optional<std::string> hold_id;
  std::int64_t timeout_ms = 0;
  std::int64_t attempts = 0;
  std::optional<std::string> claim;
  std::optional<std::int64_t> lease_until_ms;
  std::int64_t event_seq = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> started_at_ms;
  std::optional<std::int64_t> finished_at_ms;
  // Delegation (the ask_agent tool): the run that asked for this one, how deep in the chain it
  // is (0: started by a caller), and what this run has handed its own children of what it holds
  // (their maxCredits), which its own model calls may no longer spend.
  std::optional<std::string> parent_run_id;
  std::int64_t depth = 0;
  std::int64_t delegated_micro = 0;
  // Its place in the queue: claimed in queue_at order. A normal run (priority 0) is queued at its
  // creation; a high one (1) ahead of its account's queued runs; a low one (-1) later.
  std::int64_t priority = 0;
  std::int64_t queue_at_ms = 0;
};

struct RunEventRecord {
  std::int64_t seq = 0;
  std::string type;  // status | progress | delta | log
  std::string data;  // JSON text
  std::int64_t created_at_ms = 0;
};

struct RunFilter {
  std::string account_id;
  std::optional<std::string> agent_id;
  std::optional<std::string> status;
  std::optional<std::string> parent_run_id;
  std::optional<std::string> before_id;  // the cursor: older than this run
};

}  // namespace agentry::store
