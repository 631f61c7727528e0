#include "domain/tasks.hpp"

#include <algorithm>

#include "core/ids.hpp"
#include "domain/agent_log.hpp"
#include "domain/agent_stats.hpp"
#include "domain/agents.hpp"
#include "domain/events.hpp"
#include "domain/ledger.hpp"
#include "store/queries.hpp"
#include "store/task_queries.hpp"

namespace agentry::tasks {
namespace {

bool visible(const store::TaskRecord& t, const std::string& viewer) {
  return !t.offered_agent_id || t.account_id == viewer || t.assignee_account_id == viewer ||
         t.offered_account_id == viewer;
}

Error absent(const std::string& id) {
  return make_error(Errc::not_found, "no task with id " + id);
}

// A transition the task's current state does not allow: 409 with that state.
Error illegal(const store::TaskRecord& t, const std::string& why) {
  Error e = make_error(Errc::conflict, "task " + t.id + " is " + t.status + ": " + why);
  e.current_state = t.status;
  return e;
}

bool past_deadline(const store::TaskRecord& t, std::int64_t now_ms) {
  return t.deadline_at_ms && *t.deadline_at_ms <= now_ms;
}

// The task as the caller may see it, or the error to answer.
Result<store::TaskRecord> load(store::Tx& tx, const std::string& viewer, const std::string& id) {
  auto t = store::find_task(tx, id);
  if (!t || !visible(*t, viewer)) return absent(id);
  return std::move(*t);
}

// After a conditional update lost a race (PostgreSQL retries usually get there first): the
// state that won.
Error lost_race(store::Tx& tx, const std::string& id, const std::string& why) {
  auto now = store::find_task(tx, id);
  if (!now) return absent(id);
  return illegal(*now, why);
}

// The event of a transition, to the poster and to the other party: the assignee, or the owner
// of the agent a direct offer names.
void announce(store::Tx& tx, std::string_view type, const store::TaskRecord& t,
              std::int64_t now_ms) {
  events::emit(tx, t.account_id, type, &t, now_ms);
  const auto& other = t.assignee_account_id ? t.assignee_account_id : t.offered_account_id;
  if (other && *other != t.account_id) events::emit(tx, *other, type, &t, now_ms);
}

}  // namespace

Result<store::TaskRecord> post(store::Tx& tx, const std::string& account_id, const Draft& draft,
                               std::int64_t now_ms) {
  if (draft.deadline_at_ms && *draft.deadline_at_ms <= now_ms) {
    return make_error(Errc::validation_error, "deadline: must be in the future", "deadline");
  }
  store::TaskRecord t;
  t.id = new_id("tsk", now_ms);
  if (draft.agent_id) {
    auto agent = store::find_agent_by_id(tx, *draft.agent_id);
    if (!agent || !agents::visible_to(*agent, account_id)) {
      return make_error(Errc::not_found, "no public agent with id " + *draft.agent_id, "agentId");
    }
    if (agent->account_id == account_id) {
      return make_error(Errc::forbidden, "a task cannot be offered to one's own agent", "agentId");
    }
    t.offered_agent_id = agent->id;
    t.offered_account_id = agent->account_id;
  }
  auto hold = ledger::hold(tx, account_id, draft.budget_micro, "task_hold",
                           {.task_id = t.id, .agent_id = t.offered_agent_id}, now_ms);
  if (!hold) return hold.error();
  t.account_id = account_id;
  t.title = draft.title;
  t.description = draft.description;
  t.budget_micro = draft.budget_micro;
  t.required_capabilities = draft.capabilities;
  t.priority = draft.priority;
  t.deadline_at_ms = draft.deadline_at_ms;
  t.status = "open";
  t.hold_id = *hold;
  t.created_at_ms = now_ms;
  t.updated_at_ms = now_ms;
  store::insert_task(tx, t);
  announce(tx, "task.posted", t, now_ms);
  return t;
}

Result<store::TaskRecord> get(store::Tx& tx, const std::string& viewer, const std::string& id) {
  return load(tx, viewer, id);
}

Result<store::TaskRecord> accept(store::Tx& tx, const std::string& account_id,
                                 const std::string& task_id, const std::string& agent_id,
                                 std::int64_t now_ms) {
  auto t = load(tx, account_id, task_id);
  if (!t) return t.error();
  if (t->account_id == account_id) {
    return make_error(Errc::forbidden, "an account cannot take its own task");
  }
  if (t->status != "open") return illegal(*t, "only an open task can be accepted");
  if (past_deadline(*t, now_ms)) return illegal(*t, "its deadline has passed");
  auto agent = store::find_agent(tx, account_id, agent_id);
  if (!agent) return make_error(Errc::not_found, "no agent with id " + agent_id, "agentId");
  if (t->offered_agent_id && *t->offered_agent_id != agent_id) {
    return make_error(Errc::forbidden, "the task is offered to another agent", "agentId");
  }
  if (agent->status != "running") {
    Error e = make_error(Errc::conflict, "agent " + agent_id + " is stopped; start it first");
    e.current_state = agent->status;
    return e;
  }
  std::vector<std::string> missing;
  for (const std::string& c : t->required_capabilities) {
    if (std::find(agent->capabilities.begin(), agent->capabilities.end(), c) ==
        agent->capabilities.end()) {
      missing.push_back(c);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return make_error(Errc::validation_error, "the agent lacks required capabilities: " + list,
                      "agentId");
  }
  if (!store::assign_task(tx, task_id, agent_id, account_id, now_ms)) {
    return lost_race(tx, task_id, "only an open task can be accepted");
  }
  t->status = "assigned";
  t->agent_id = agent_id;
  t->assignee_account_id = account_id;
  t->assigned_at_ms = now_ms;
  t->updated_at_ms = now_ms;
  announce(tx, "task.accepted", *t, now_ms);
  return t;
}

Result<store::TaskRecord> complete(store::Tx& tx, const std::string& account_id,
                                   const std::string& task_id, const std::string& result,
                                   std::int64_t fee_bps, std::int64_t now_ms) {
  auto t = load(tx, account_id, task_id);
  if (!t) return t.error();
  if (t->assignee_account_id != account_id) {
    return make_error(Errc::forbidden, "only the account the task is assigned to can complete it");
  }
  if (t->status != "assigned") return illegal(*t, "only an assigned task can be completed");
  if (past_deadline(*t, now_ms)) return illegal(*t, "its deadline has passed");
  const ledger::Split split = ledger::split(t->budget_micro, fee_bps);
  if (!store::complete_task(tx, task_id, account_id, result, split.fee_micro, split.payout_micro,
                            now_ms)) {
    return lost_race(tx, task_id, "only an assigned task can be completed");
  }
  const ledger::Refs refs{.task_id = t->id, .agent_id = t->agent_id};
  auto paid =
      ledger::capture(tx, t->hold_id,
                      {{account_id, split.payout_micro, "task_payout", "capture"},
                       {std::string(ledger::fees_account), split.fee_micro, "task_fee", "fee"}},
                      "task_refund", refs, now_ms);
  if (!paid) return paid.error();
  store::count_agent_task(tx, *t->agent_id);
  agent_stats::add(tx, account_id, *t->agent_id, now_ms, {.tasks_completed = 1});
  t->status = "completed";
  t->result = result;
  t->fee_micro = split.fee_micro;
  t->payout_micro = split.payout_micro;
  t->closed_at_ms = now_ms;
  t->updated_at_ms = now_ms;
  announce(tx, "task.completed", *t, now_ms);
  return t;
}

Result<store::TaskRecord> cancel(store::Tx& tx, const std::string& account_id,
                                 const std::string& task_id, std::int64_t now_ms) {
  auto t = load(tx, account_id, task_id);
  if (!t) return t.error();
  if (t->account_id != account_id) {
    return make_error(Errc::forbidden, "only the account that posted the task can cancel it");
  }
  if (t->status != "open") return illegal(*t, "only an open task can be cancelled");
  if (!store::cancel_task(tx, task_id, account_id, now_ms)) {
    return lost_race(tx, task_id, "only an open task can be cancelled");
  }
  auto released = ledger::release(tx, t->hold_id, "task_refund",
                                  {.task_id = t->id, .memo = "task cancelled"}, now_ms);
  if (!released) return released.error();
  t->status = "cancelled";
  t->closed_at_ms = now_ms;
  t->updated_at_ms = now_ms;
  announce(tx, "task.cancelled", *t, now_ms);
  return t;
}

Result<store::TaskRecord> review(store::Tx& tx, const std::string& account_id,
                                 const std::string& task_id, std::int64_t rating,
                                 const std::string& comment, std::int64_t now_ms) {
  auto t = load(tx, account_id, task_id);
  if (!t) return t.error();
  if (t->account_id != account_id) {
    return make_error(Errc::forbidden, "only the account that posted the task can review it");
  }
  if (t->status != "completed") return illegal(*t, "only a completed task can be reviewed");
  if (t->rating) return illegal(*t, "it has already been reviewed");
  if (!store::review_task(tx, task_id, account_id, rating, comment, now_ms)) {
    return lost_race(tx, task_id, "it has already been reviewed");
  }
  store::add_agent_rating(tx, *t->agent_id, rating);
  if (t->assignee_account_id) {
    agent_stats::add(tx, *t->assignee_account_id, *t->agent_id, now_ms,
                     {.rating_sum = rating, .rating_count = 1});
  }
  t->rating = rating;
  t->review = comment;
  t->reviewed_at_ms = now_ms;
  announce(tx, "task.reviewed", *t, now_ms);
  return t;
}

int expire_due(store::Tx& tx, std::int64_t now_ms, std::int64_t limit) {
  int expired = 0;
  for (const std::string& id : store::due_tasks(tx, now_ms, limit)) {
    auto t = store::find_task(tx, id);
    if (!t || !store::expire_task(tx, id, now_ms)) continue;
    auto released = ledger::release(tx, t->hold_id, "task_refund",
                                    {.task_id = id, .memo = "task expired"}, now_ms);
    if (!released) throw std::logic_error("expired task " + id + " had no pending hold");
    if (t->agent_id) {
      agent_log::record(tx, *t->agent_id, "warn", "task.expired",
                        "the deadline passed before the task was completed", {.task_id = id},
                        now_ms);
    }
    t->status = "expired";
    t->closed_at_ms = now_ms;
    t->updated_at_ms = now_ms;
    announce(tx, "task.expired", *t, now_ms);
    ++expired;
  }
  return expired;
}

store::PageOf<store::TaskRecord> list(store::Tx& tx, const store::TaskFilter& filter,
                                      store::Page page) {
  return store::list_tasks(tx, filter, page);
}

}  // namespace agentry::tasks
