#include "store/log_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {

void insert_log(Tx& tx, const LogRecord& e) {
  tx.exec_later(
      "INSERT INTO agent_logs (id, agent_id, level, event, message, run_id, task_id, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {e.id, e.agent_id, e.level, e.event, e.message, optional_text(e.run_id),
       optional_text(e.task_id), e.created_at_ms});
}

std::vector<LogRecord> list_logs(Tx& tx, std::string_view agent_id, const LogFilter& filter,
                                 std::int64_t limit) {
  Where where("agent_id = $1", {std::string(agent_id)});
  if (!filter.levels.empty()) where.in("level", filter.levels);
  if (filter.since_ms) where.compare("created_at", ">=", *filter.since_ms);
  if (filter.run_id) where.compare("run_id", "=", *filter.run_id);
  if (filter.before_id) where.compare("id", "<", *filter.before_id);
  std::vector<LogRecord> out;
  for (Row& r : where.rows(
           tx, "SELECT id, level, event, message, run_id, task_id, created_at FROM agent_logs",
           "id DESC", limit)) {
    out.push_back({r.take_text(0), std::string(agent_id), r.take_text(1), r.take_text(2),
                   r.take_text(3), r.take_optional_text(4), r.take_optional_text(5), r.integer(6)});
  }
  return out;
}

std::vector<LogRecord> logs_after(Tx& tx, std::string_view agent_id,
                                  const std::optional<std::string>& after_id, std::int64_t limit) {
  std::vector<Value> params = {std::string(agent_id), limit};
  std::string sql =
      "SELECT id, level, event, message, run_id, task_id, created_at FROM agent_logs "
      "WHERE agent_id = $1";
  if (after_id) {
    params.emplace_back(*after_id);
    sql += " AND id > $3";
  }
  sql += " ORDER BY id LIMIT $2";
  std::vector<LogRecord> out;
  for (Row& r : tx.query(sql, params)) {
    out.push_back({r.take_text(0), std::string(agent_id), r.take_text(1), r.take_text(2),
                   r.take_text(3), r.take_optional_text(4), r.take_optional_text(5), r.integer(6)});
  }
  return out;
}

void delete_agent_logs(Tx& tx, std::string_view agent_id) {
  tx.exec("DELETE FROM agent_logs WHERE agent_id = $1", {std::string(agent_id)});
}

std::int64_t prune_logs(Tx& tx, std::int64_t before_ms) {
  return tx.exec("DELETE FROM agent_logs WHERE created_at < $1", {before_ms});
}

}  // namespace agentry::store
