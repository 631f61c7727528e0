#include "views/resources.hpp"

#include "core/clock.hpp"
#include "views/values.hpp"

namespace agentry::views {

void write_task(JsonWriter& w, const store::TaskRecord& t, const std::string& viewer) {
  const bool party = t.account_id == viewer || t.assignee_account_id == viewer;
  w.begin_object();
  w.key("id").string(t.id);
  w.key("title").string(t.title);
  w.key("description").string(t.description);
  w.key("budget");
  write_credits(w, t.budget_micro);
  w.key("requiredCapabilities").strings(t.required_capabilities);
  w.key("offeredAgentId").optional_string(t.offered_agent_id);
  w.key("priority").string(t.priority);
  w.key("deadline");
  write_timestamp(w, t.deadline_at_ms);
  w.key("status").string(t.status);
  w.key("postedBy").string(t.account_id);
  w.key("agentId").optional_string(t.agent_id);
  w.key("assignedTo").optional_string(t.assignee_account_id);
  w.key("result");
  if (t.result && party) {
    w.raw(*t.result);
  } else {
    w.null();
  }
  w.key("fee");
  write_optional_credits(w, t.fee_micro);
  w.key("payout");
  write_optional_credits(w, t.payout_micro);
  w.key("review");
  if (t.rating && party) {
    w.begin_object().key("rating").integer(*t.rating);
    w.key("comment").string(t.review.value_or(""));
    w.key("createdAt");
    write_timestamp(w, t.reviewed_at_ms);
    w.end_object();
  } else {
    w.null();
  }
  w.key("createdAt");
  write_timestamp(w, t.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, t.updated_at_ms);
  w.key("assignedAt");
  write_timestamp(w, t.assigned_at_ms);
  w.key("closedAt");
  write_timestamp(w, t.closed_at_ms);
  w.end_object();
}

void write_history_entry(JsonWriter& w, const store::HistoryEntry& e,
                         const std::string& account_id) {
  const store::TransferRecord& t = e.transfer;
  w.begin_object();
  w.key("id").string(t.id);
  w.key("amount");
  write_credits(w, e.amount_micro);
  w.key("kind").string(t.kind);
  // Who the money came from or went to: another account, the platform, or the escrow of one
  // of this account's own holds.
  w.key("counterparty");
  if (e.other_kind == "wallet" || (e.other_kind == "hold" && e.other_account != account_id)) {
    w.optional_string(e.other_account);
  } else if (e.other_kind == "hold") {
    w.string("escrow");
  } else {
    w.string("platform");
  }
  w.key("taskId").optional_string(t.task_id);
  w.key("runId").optional_string(t.run_id);
  w.key("agentId").optional_string(t.agent_id);
  w.key("memo").optional_string(t.memo);
  w.key("createdAt");
  write_timestamp(w, t.created_at_ms);
  w.end_object();
}

void write_balance(JsonWriter& w, const store::LedgerAccountRecord& wallet) {
  w.begin_object();
  w.key("available");
  write_credits(w, wallet.balance_micro);
  w.key("held");
  write_credits(w, wallet.held_micro);
  w.key("used");
  write_credits(w, wallet.used);
  w.key("lowBalanceThreshold");
  if (wallet.low_balance_micro > 0) {
    write_credits(w, wallet.low_balance_micro);
  } else {
    w.null();
  }
  w.end_object();
}

void write_ledger_audit(JsonWriter& w, const ledger::Audit& audit) {
  std::string integrity = "not applicable";
  if (audit.integrity_checked) {
    integrity = audit.integrity_problems.empty() ? "ok" : "";
    for (const auto& p : audit.integrity_problems) {
      integrity += (integrity.empty() ? "" : "; ") + p;
    }
  }
  w.begin_object();
  w.key("ok").boolean(audit.ok());
  w.key("violations").strings(audit.violations);
  w.key("integrity").string(integrity);
  w.end_object();
}

}  // namespace agentry::views
