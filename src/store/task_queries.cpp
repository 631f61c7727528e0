#include "store/task_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view task_columns =
    "id, account_id, title, description, budget, required_capabilities, offered_agent_id, "
    "offered_account_id, priority, deadline_at, status, hold_id, agent_id, assignee_account_id, "
    "result, fee, payout, rating, review, reviewed_at, created_at, updated_at, assigned_at, "
    "closed_at";

TaskRecord task_from(Row& r) {
  TaskRecord t;
  t.id = r.take_text(0);
  t.account_id = r.take_text(1);
  t.title = r.take_text(2);
  t.description = r.take_text(3);
  t.budget_micro = r.integer(4);
  t.required_capabilities = decode_string_list(r.text(5));
  t.offered_agent_id = r.take_optional_text(6);
  t.offered_account_id = r.take_optional_text(7);
  t.priority = r.take_text(8);
  t.deadline_at_ms = r.optional_integer(9);
  t.status = r.take_text(10);
  t.hold_id = r.take_text(11);
  t.agent_id = r.take_optional_text(12);
  t.assignee_account_id = r.take_optional_text(13);
  t.result = r.take_optional_text(14);
  t.fee_micro = r.optional_integer(15);
  t.payout_micro = r.optional_integer(16);
  t.rating = r.optional_integer(17);
  t.review = r.take_optional_text(18);
  t.reviewed_at_ms = r.optional_integer(19);
  t.created_at_ms = r.integer(20);
  t.updated_at_ms = r.integer(21);
  t.assigned_at_ms = r.optional_integer(22);
  t.closed_at_ms = r.optional_integer(23);
  return t;
}

std::string select_tasks(std::string_view where) {
  return "SELECT " + std::string(task_columns) + " FROM tasks WHERE " + std::string(where);
}

}  // namespace

void insert_task(Tx& tx, const TaskRecord& t) {
  tx.exec("INSERT INTO tasks (" + std::string(task_columns) +
              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
              "$17, $18, $19, $20, $21, $22, $23, $24)",
          {t.id,
           t.account_id,
           t.title,
           t.description,
           t.budget_micro,
           encode_string_list(t.required_capabilities),
           optional_text(t.offered_agent_id),
           optional_text(t.offered_account_id),
           t.priority,
           optional_int(t.deadline_at_ms),
           t.status,
           t.hold_id,
           optional_text(t.agent_id),
           optional_text(t.assignee_account_id),
           optional_text(t.result),
           optional_int(t.fee_micro),
           optional_int(t.payout_micro),
           optional_int(t.rating),
           optional_text(t.review),
           optional_int(t.reviewed_at_ms),
           t.created_at_ms,
           t.updated_at_ms,
           optional_int(t.assigned_at_ms),
           optional_int(t.closed_at_ms)});
  for (const std::string& c : t.required_capabilities) {
    tx.exec("INSERT INTO task_capabilities (task_id, capability) VALUES ($1, $2)", {t.id, c});
  }
}

std::optional<TaskRecord> find_task(Tx& tx, std::string_view id) {
  static const std::string q = select_tasks("id = $1");
  Rows rows = tx.query(q, {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return task_from(rows[0]);
}

PageOf<TaskRecord> list_tasks(Tx& tx, const TaskFilter& filter, Page page) {
  // $1 is the viewer: everything but direct offers to others.
  Where where(
      "(offered_agent_id IS NULL OR account_id = $1 OR assignee_account_id = $1 OR "
      "offered_account_id = $1)",
      {filter.viewer});
  if (filter.posted_by_viewer) where.add("account_id = $1");
  if (filter.assigned_to_viewer) where.add("assignee_account_id = $1");
  if (filter.status) where.compare("status", "=", *filter.status);
  if (filter.capability) {
    where.add(
        "EXISTS (SELECT 1 FROM task_capabilities c WHERE c.task_id = tasks.id AND "
        "c.capability = " +
        where.param(*filter.capability) + ")");
  }
  static const std::string select = "SELECT " + std::string(task_columns) + " FROM tasks";
  return page_of<TaskRecord>(tx, "tasks", select, std::move(where), page, task_from);
}

bool assign_task(Tx& tx, std::string_view id, std::string_view agent_id,
                 std::string_view assignee_account_id, std::int64_t now_ms) {
  return tx.exec(
             "UPDATE tasks SET status = 'assigned', agent_id = $2, assignee_account_id = $3, "
             "assigned_at = $4, updated_at = $4 WHERE id = $1 AND status = 'open' AND "
             "(deadline_at IS NULL OR deadline_at > $4)",
             {std::string(id), std::string(agent_id), std::string(assignee_account_id), now_ms}) ==
         1;
}

bool complete_task(Tx& tx, std::string_view id, std::string_view assignee_account_id,
                   std::string_view result, std::int64_t fee_micro, std::int64_t payout_micro,
                   std::int64_t now_ms) {
  return tx.exec(
             "UPDATE tasks SET status = 'completed', result = $3, fee = $4, payout = $5, "
             "closed_at = $6, updated_at = $6 WHERE id = $1 AND status = 'assigned' AND "
             "assignee_account_id = $2",
             {std::string(id), std::string(assignee_account_id), std::string(result), fee_micro,
              payout_micro, now_ms}) == 1;
}

bool cancel_task(Tx& tx, std::string_view id, std::string_view account_id, std::int64_t now_ms) {
  return tx.exec(
             "UPDATE tasks SET status = 'cancelled', closed_at = $3, updated_at = $3 "
             "WHERE id = $1 AND account_id = $2 AND status = 'open'",
             {std::string(id), std::string(account_id), now_ms}) == 1;
}

bool expire_task(Tx& tx, std::string_view id, std::int64_t now_ms) {
  return tx.exec(
             "UPDATE tasks SET status = 'expired', closed_at = $2, updated_at = $2 "
             "WHERE id = $1 AND status IN ('open', 'assigned') AND deadline_at <= $2",
             {std::string(id), now_ms}) == 1;
}

bool review_task(Tx& tx, std::string_view id, std::string_view account_id, std::int64_t rating,
                 std::string_view comment, std::int64_t now_ms) {
  return tx.exec(
             "UPDATE tasks SET rating = $3, review = $4, reviewed_at = $5 WHERE id = $1 AND "
             "account_id = $2 AND status = 'completed' AND rating IS NULL",
             {std::string(id), std::string(account_id), rating, std::string(comment), now_ms}) == 1;
}

std::vector<std::string> due_tasks(Tx& tx, std::int64_t now_ms, std::int64_t limit) {
  std::vector<std::string> out;
  for (Row& r : tx.query("SELECT id FROM tasks WHERE status IN ('open', 'assigned') AND "
                         "deadline_at <= $1 ORDER BY deadline_at LIMIT $2",
                         {now_ms, limit})) {
    out.push_back(r.take_text(0));
  }
  return out;
}

void count_agent_task(Tx& tx, std::string_view agent_id) {
  tx.exec("UPDATE agents SET total_tasks = total_tasks + 1 WHERE id = $1", {std::string(agent_id)});
}

void add_agent_rating(Tx& tx, std::string_view agent_id, std::int64_t rating) {
  tx.exec(
      "UPDATE agents SET rating_count = rating_count + 1, rating_sum = rating_sum + $2, "
      "reputation_score = CAST(rating_sum + $2 AS DOUBLE PRECISION) / (rating_count + 1) "
      "WHERE id = $1",
      {std::string(agent_id), rating});
}

}  // namespace agentry::store
