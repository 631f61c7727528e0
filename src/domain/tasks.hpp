#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/ledger.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// The task marketplace (DESIGN.md "State machines"): open → assigned → completed; open →
// cancelled; open|assigned → expired. Each transition is one transaction with its money: the
// budget is held when the task is posted, the hold is posted on completion (the fee to the
// platform, the rest to the agent's owner) and voided on cancel or expiry.
namespace agentry::tasks {

// Every transition holds or settles the budget: its transaction is isolated as money's.
inline constexpr store::WriteIsolation isolation = ledger::isolation;

struct Draft {
  std::string title;
  std::string description;
  std::int64_t budget_micro = 0;               // micro-credits, > 0
  std::vector<std::string> capabilities;       // normalized tags
  std::optional<std::string> agent_id;         // a direct offer to one public agent
  std::string priority = "normal";             // low | normal | high | urgent
  std::optional<std::int64_t> deadline_at_ms;  // in the future
};

// Posts a task and holds its budget. Errors: validation_error (deadline not in the future),
// not_found (the offered agent is not a public agent), forbidden (offered to one's own agent),
// insufficient_credits.
Result<store::TaskRecord> post(store::Tx& tx, const std::string& account_id, const Draft& draft,
                               std::int64_t now_ms);

// The task, when `viewer` may see it: the marketplace is public, except that a direct offer is
// seen only by its poster and the offered agent's owner. Otherwise not_found.
Result<store::TaskRecord> get(store::Tx& tx, const std::string& viewer, const std::string& id);

// The tasks `filter.viewer` may see (as get) that match `filter`, newest first.
store::PageOf<store::TaskRecord> list(store::Tx& tx, const store::TaskFilter& filter,
                                      store::Page page);

// `account_id` takes an open task with its agent `agent_id`. Errors: not_found (no such task
// or agent for the caller), forbidden (own task; offered to another agent), conflict (not open,
// deadline passed, agent stopped; with the task's state), validation_error (the agent lacks a
// required capability).
Result<store::TaskRecord> accept(store::Tx& tx, const std::string& account_id,
                                 const std::string& task_id, const std::string& agent_id,
                                 std::int64_t now_ms);

// The assignee delivers: the hold is posted, `fee_bps` of the budget to the platform and the
// rest to the assignee's wallet. `result` is JSON text. Errors: not_found, forbidden (not the
// assignee), conflict (not assigned).
Result<store::TaskRecord> complete(store::Tx& tx, const std::string& account_id,
                                   const std::string& task_id, const std::string& result,
                                   std::int64_t fee_bps, std::int64_t now_ms);

// The poster withdraws an open task; the hold is voided. Errors: not_found, forbidden (not the
// poster), conflict (not open).
Result<store::TaskRecord> cancel(store::Tx& tx, const std::string& account_id,
                                 const std::string& task_id, std::int64_t now_ms);

// The poster rates a completed task once (1–5), feeding the agent's reputation. Errors:
// not_found, forbidden (not the poster), conflict (not completed, or already reviewed).
Result<store::TaskRecord> review(store::Tx& tx, const std::string& account_id,
                                 const std::string& task_id, std::int64_t rating,
                                 const std::string& comment, std::int64_t now_ms);

// Expires up to `limit` tasks whose deadline has passed, voiding their holds; how many.
int expire_due(store::Tx& tx, std::int64_t now_ms, std::int64_t limit);

}  // namespace agentry::tasks
