#include "store/run_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view run_columns =
    "id, account_id, agent_id, agent_account_id, agent_kind, model, source, status, progress, "
    "input, context_data, result, error_code, error_message, input_tokens, output_tokens, "
    "max_output_tokens, price_per_task, discount_percent, max_cost, cost, hold_id, timeout_ms, "
    "attempts, claim, lease_until, event_seq, created_at, updated_at, started_at, finished_at, "
    "key_id, parent_run_id, depth, delegated, priority, queue_at";

RunRecord run_from(Row& r) {
  RunRecord run;
  run.id = r.take_text(0);
  run.account_id = r.take_text(1);
  run.agent_id = r.take_text(2);
  run.agent_account_id = r.take_text(3);
  run.agent_kind = r.take_text(4);
  run.model = r.take_optional_text(5);
  run.source = r.take_text(6);
  run.status = r.take_text(7);
  run.progress = r.integer(8);
  run.input = r.take_text(9);
  run.context_data = r.take_optional_text(10);
  run.result = r.take_optional_text(11);
  run.error_code = r.take_optional_text(12);
  run.error_message = r.take_optional_text(13);
  run.input_tokens = r.integer(14);
  run.output_tokens = r.integer(15);
  run.max_output_tokens = r.integer(16);
  run.price_per_task_micro = r.integer(17);
  run.discount_percent = r.integer(18);
  run.max_cost_micro = r.integer(19);
  run.cost_micro = r.integer(20);
  run.hold_id = r.take_optional_text(21);
  run.timeout_ms = r.integer(22);
  run.attempts = r.integer(23);
  run.claim = r.take_optional_text(24);
  run.lease_until_ms = r.optional_integer(25);
  run.event_seq = r.integer(26);
  run.created_at_ms = r.integer(27);
  run.updated_at_ms = r.integer(28);
  run.started_at_ms = r.optional_integer(29);
  run.finished_at_ms = r.optional_integer(30);
  run.key_id = r.take_optional_text(31);
  run.parent_run_id = r.take_optional_text(32);
  run.depth = r.integer(33);
  run.delegated_micro = r.integer(34);
  run.priority = r.integer(35);
  run.queue_at_ms = r.integer(36);
  return run;
}

std::vector<RunRecord> runs_from(Rows rows) {
  std::vector<RunRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(run_from(r));
  return out;
}

std::string select_runs() {
  return "SELECT " + std::string(run_columns) + " FROM runs ";
}

}  // namespace

void insert_run(Tx& tx, const RunRecord& r) {
  tx.exec(
      "INSERT INTO runs (id, account_id, agent_id, agent_account_id, agent_kind, model, source, "
      "status, input, context_data, max_output_tokens, price_per_task, discount_percent, max_cost, "
      "hold_id, timeout_ms, created_at, updated_at, key_id, parent_run_id, depth, priority, "
      "queue_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
      "$17, $17, $18, $19, $20, $21, $22)",
      {r.id,
       r.account_id,
       r.agent_id,
       r.agent_account_id,
       r.agent_kind,
       optional_text(r.model),
       r.source,
       r.status,
       r.input,
       optional_text(r.context_data),
       r.max_output_tokens,
       r.price_per_task_micro,
       r.discount_percent,
       r.max_cost_micro,
       optional_text(r.hold_id),
       r.timeout_ms,
       r.created_at_ms,
       optional_text(r.key_id),
       optional_text(r.parent_run_id),
       r.depth,
       r.priority,
       r.queue_at_ms});
}

std::optional<std::int64_t> first_queued_at(Tx& tx, std::string_view account_id) {
  // Along the queue's own index: the account's first queued run in claim order.
  Rows rows = tx.query(
      "SELECT queue_at FROM runs WHERE status = 'queued' AND account_id = $1 ORDER BY queue_at, "
      "id LIMIT 1",
      {std::string(account_id)});
  if (rows.empty()) return std::nullopt;
  return rows.front().integer(0);
}

void add_delegated(Tx& tx, std::string_view run_id, std::int64_t amount_micro) {
  tx.exec("UPDATE runs SET delegated = delegated + $2 WHERE id = $1",
          {std::string(run_id), amount_micro});
}

std::optional<RunRecord> find_run(Tx& tx, std::string_view id) {
  Rows rows = tx.query(select_runs() + "WHERE id = $1", {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return run_from(rows.front());
}

std::vector<RunRecord> list_runs(Tx& tx, const RunFilter& filter, std::int64_t limit) {
  Where where("account_id = $1", {filter.account_id});
  if (filter.agent_id) where.compare("agent_id", "=", *filter.agent_id);
  if (filter.parent_run_id) where.compare("parent_run_id", "=", *filter.parent_run_id);
  if (filter.status) where.compare("status", "=", *filter.status);
  if (filter.before_id) where.compare("id", "<", *filter.before_id);
  return runs_from(where.rows(tx, select_runs(), "id DESC", limit));
}

std::vector<std::pair<std::string, std::int64_t>> count_open_runs(Tx& tx) {
  // One count per status, each over its partial index (active runs hold a lease), so that a
  // scrape never reads the history.
  Rows rows = tx.query(
      "SELECT (SELECT COUNT(*) FROM runs WHERE status = 'queued'), (SELECT COUNT(*) FROM runs "
      "WHERE lease_until IS NOT NULL AND status = 'active'), (SELECT COUNT(*) FROM runs WHERE "
      "status = 'cancelling')");
  return {{"queued", rows.front().integer(0)},
          {"active", rows.front().integer(1)},
          {"cancelling", rows.front().integer(2)}};
}

std::vector<std::pair<std::string, std::string>> pick_queued_runs(
    Tx& tx, std::int64_t limit, const std::vector<std::string>& busy_agents) {
  std::vector<Value> params = {limit};
  std::string sql = "SELECT id, agent_id FROM runs WHERE status = 'queued'";
  if (!busy_agents.empty()) {
    sql += " AND agent_id NOT IN (";
    for (std::size_t i = 0; i < busy_agents.size(); ++i) {
      params.emplace_back(busy_agents[i]);
      sql += (i ? ", $" : "$") + std::to_string(params.size());
    }
    sql += ")";
  }
  sql += " ORDER BY queue_at, id LIMIT $1";
  if (tx.engine() == "postgres") sql += " FOR UPDATE SKIP LOCKED";
  std::vector<std::pair<std::string, std::string>> out;
  for (Row& r : tx.query(sql, params)) out.emplace_back(r.take_text(0), r.take_text(1));
  return out;
}

std::optional<RunRecord> claim_run(Tx& tx, std::string_view id, std::string_view claim,
                                   std::int64_t lease_until_ms, std::int64_t now_ms) {
  Rows rows = tx.query(
      "UPDATE runs SET status = 'active', claim = $2, lease_until = $3, attempts = attempts + 1, "
      "started_at = COALESCE(started_at, $4), updated_at = $4 WHERE id = $1 AND status = 'queued' "
      "RETURNING " +
          std::string(run_columns),
      {std::string(id), std::string(claim), lease_until_ms, now_ms});
  if (rows.empty()) return std::nullopt;
  return run_from(rows.front());
}

std::optional<std::string> renew_run_lease(Tx& tx, std::string_view id, std::string_view claim,
                                           std::int64_t lease_until_ms) {
  Rows rows = tx.query(
      "UPDATE runs SET lease_until = $3 WHERE id = $1 AND claim = $2 "
      "AND status IN ('active', 'cancelling') RETURNING status",
      {std::string(id), std::string(claim), lease_until_ms});
  if (rows.empty()) return std::nullopt;
  return rows.front().take_text(0);
}

std::vector<RunRecord> runs_with_lapsed_lease(Tx& tx, std::int64_t now_ms, std::int64_t limit) {
  return runs_from(tx.query(select_runs() + "WHERE lease_until IS NOT NULL AND lease_until < $1 "
                                            "ORDER BY lease_until LIMIT $2",
                            {now_ms, limit}));
}

bool move_run(Tx& tx, std::string_view id, std::string_view claim, std::string_view from_status,
              std::string_view to_status, std::int64_t now_ms) {
  return tx.exec(
             "UPDATE runs SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2 AND "
             "claim = $5",
             {std::string(id), std::string(from_status), std::string(to_status), now_ms,
              std::string(claim)}) == 1;
}

bool set_run_progress(Tx& tx, std::string_view id, const std::optional<std::string>& claim,
                      std::int64_t progress, std::int64_t now_ms) {
  std::vector<Value> params = {std::string(id), progress, now_ms};
  std::string sql =
      "UPDATE runs SET progress = $2, updated_at = $3 WHERE id = $1 "
      "AND status IN ('active', 'cancelling')";
  if (claim) {
    params.emplace_back(*claim);
    sql += " AND claim = $4";
  }
  return tx.exec(sql, params) == 1;
}

bool hand_off_run(Tx& tx, std::string_view id, std::string_view claim, std::int64_t deadline_ms,
                  std::int64_t now_ms) {
  return tx.exec(
             "UPDATE runs SET claim = $3, lease_until = $4, updated_at = $5 WHERE id = $1 AND "
             "claim = $2 AND status = 'active'",
             {std::string(id), std::string(claim), "remote:" + std::string(claim), deadline_ms,
              now_ms}) == 1;
}

bool requeue_run(Tx& tx, std::string_view id, std::string_view claim, std::int64_t now_ms) {
  return tx.exec(
             "UPDATE runs SET status = 'queued', claim = NULL, lease_until = NULL, progress = 0, "
             "updated_at = $3 WHERE id = $1 AND claim = $2 AND status = 'active'",
             {std::string(id), std::string(claim), now_ms}) == 1;
}

std::optional<RunRecord> end_run(Tx& tx, std::string_view id, std::string_view from_status,
                                 const std::optional<std::string>& claim, const RunEnd& end,
                                 std::int64_t now_ms) {
  std::vector<Value> params = {std::string(id),
                               std::string(from_status),
                               end.status,
                               optional_text(end.result),
                               optional_text(end.error_code),
                               optional_text(end.error_message),
                               end.input_tokens,
                               end.output_tokens,
                               end.cost_micro,
                               now_ms};
  std::string sql =
      "UPDATE runs SET status = $3, result = $4, error_code = $5, error_message = $6, "
      "input_tokens = $7, output_tokens = $8, cost = $9, finished_at = $10, updated_at = $10, "
      "progress = CASE WHEN $3 = 'completed' THEN 100 ELSE progress END, claim = NULL, "
      "lease_until = NULL WHERE id = $1 AND status = $2";
  if (claim) {
    params.emplace_back(*claim);
    sql += " AND claim = $11";
  }
  Rows rows = tx.query(sql + " RETURNING " + std::string(run_columns), params);
  if (rows.empty()) return std::nullopt;
  return run_from(rows.front());
}

std::int64_t append_run_event(Tx& tx, std::string_view run_id, std::string_view type,
                              std::string_view data, std::int64_t now_ms) {
  Rows rows =
      tx.query("UPDATE runs SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq",
               {std::string(run_id)});
  const std::int64_t seq = rows.at(0).integer(0);
  tx.exec(
      "INSERT INTO run_events (run_id, seq, type, data, created_at) VALUES ($1, $2, $3, $4, $5)",
      {std::string(run_id), seq, std::string(type), std::string(data), now_ms});
  return seq;
}

std::vector<RunEventRecord> run_events_after(Tx& tx, std::string_view run_id,
                                             std::int64_t after_seq, std::int64_t limit) {
  std::vector<RunEventRecord> out;
  for (Row& r : tx.query("SELECT seq, type, data, created_at FROM run_events WHERE run_id = $1 "
                         "AND seq > $2 ORDER BY seq LIMIT $3",
                         {std::string(run_id), after_seq, limit})) {
    out.push_back({r.integer(0), r.take_text(1), r.take_text(2), r.integer(3)});
  }
  return out;
}

std::vector<std::string> cancelling_runs(Tx& tx, std::int64_t limit) {
  std::vector<std::string> out;
  for (Row& r : tx.query("SELECT id FROM runs WHERE status = 'cancelling' LIMIT $1", {limit})) {
    out.push_back(r.take_text(0));
  }
  return out;
}

std::int64_t prune_run_events(Tx& tx, std::int64_t before_ms) {
  return tx.exec(
      "DELETE FROM run_events WHERE created_at < $1 AND seq < (SELECT MAX(newest.seq) FROM "
      "run_events newest WHERE newest.run_id = run_events.run_id)",
      {before_ms});
}

std::int64_t tokens_in_minute(Tx& tx, std::string_view account_id, std::int64_t minute) {
  Rows rows = tx.query("SELECT tokens FROM token_minutes WHERE account_id = $1 AND minute = $2",
                       {std::string(account_id), minute});
  return rows.empty() ? 0 : rows.front().integer(0);
}

void add_tokens(Tx& tx, std::string_view account_id, std::int64_t minute, std::int64_t tokens) {
  tx.exec(
      "INSERT INTO token_minutes (account_id, minute, tokens) VALUES ($1, $2, $3) "
      "ON CONFLICT (account_id, minute) DO UPDATE SET tokens = token_minutes.tokens + "
      "excluded.tokens",
      {std::string(account_id), minute, tokens});
}

std::int64_t prune_token_minutes(Tx& tx, std::int64_t before_minute) {
  return tx.exec("DELETE FROM token_minutes WHERE minute < $1", {before_minute});
}

}  // namespace agentry::store
