#include "store/schedule_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view schedule_columns =
    "id, account_id, name, cron, time_zone, target_kind, agent_id, input, session_id, message, "
    "max_credits_micro, overlap, status, next_fire_at, last_fired_at, created_at, updated_at";

ScheduleRecord schedule_from(Row& r) {
  ScheduleRecord s;
  s.id = r.take_text(0);
  s.account_id = r.take_text(1);
  s.name = r.take_text(2);
  s.cron = r.take_text(3);
  s.time_zone = r.take_text(4);
  s.target_kind = r.take_text(5);
  s.agent_id = r.take_text(6);
  s.input = r.take_optional_text(7);
  s.session_id = r.take_optional_text(8);
  s.message = r.take_optional_text(9);
  s.max_credits_micro = r.optional_integer(10);
  s.overlap = r.take_text(11);
  s.status = r.take_text(12);
  s.next_fire_at_ms = r.optional_integer(13);
  s.last_fired_at_ms = r.optional_integer(14);
  s.created_at_ms = r.integer(15);
  s.updated_at_ms = r.integer(16);
  return s;
}

std::string select_schedules() {
  return "SELECT " + std::string(schedule_columns) + " FROM schedules";
}

constexpr std::string_view firing_columns =
    "id, schedule_id, account_id, due_at, fired_at, outcome, run_id, session_id, message_id, "
    "error";

FiringRecord firing_from(Row& r) {
  FiringRecord f;
  f.id = r.take_text(0);
  f.schedule_id = r.take_text(1);
  f.account_id = r.take_text(2);
  f.due_at_ms = r.optional_integer(3);
  f.fired_at_ms = r.integer(4);
  f.outcome = r.take_text(5);
  f.run_id = r.take_optional_text(6);
  f.session_id = r.take_optional_text(7);
  f.message_id = r.take_optional_text(8);
  f.error = r.take_optional_text(9);
  return f;
}

}  // namespace

void insert_schedule(Tx& tx, const ScheduleRecord& s) {
  tx.exec(
      "INSERT INTO schedules (id, account_id, name, cron, time_zone, target_kind, agent_id, "
      "input, session_id, message, max_credits_micro, overlap, status, next_fire_at, "
      "last_fired_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11, $12, $13, $14, $15, $16, $17)",
      {s.id, s.account_id, s.name, s.cron, s.time_zone, s.target_kind, s.agent_id,
       optional_text(s.input), optional_text(s.session_id), optional_text(s.message),
       optional_int(s.max_credits_micro), s.overlap, s.status, optional_int(s.next_fire_at_ms),
       optional_int(s.last_fired_at_ms), s.created_at_ms, s.updated_at_ms});
}

std::optional<ScheduleRecord> find_schedule(Tx& tx, std::string_view account_id,
                                            std::string_view id) {
  Rows rows = tx.query(select_schedules() + " WHERE id = $1 AND account_id = $2",
                       {std::string(id), std::string(account_id)});
  if (rows.empty()) return std::nullopt;
  return schedule_from(rows.front());
}

PageOf<ScheduleRecord> list_schedules(Tx& tx, std::string_view account_id, Page page) {
  return page_of<ScheduleRecord>(tx, "schedules", select_schedules(),
                                 Where("account_id = $1", {std::string(account_id)}), page,
                                 schedule_from);
}

std::int64_t count_schedules(Tx& tx, std::string_view account_id) {
  return tx.query("SELECT COUNT(*) FROM schedules WHERE account_id = $1", {std::string(account_id)})
      .at(0)
      .integer(0);
}

void update_schedule(Tx& tx, const ScheduleRecord& s) {
  tx.exec(
      "UPDATE schedules SET name = $2, cron = $3, time_zone = $4, target_kind = $5, agent_id = "
      "$6, input = $7, session_id = $8, message = $9, max_credits_micro = $10, overlap = $11, "
      "status = $12, next_fire_at = $13, last_fired_at = $14, updated_at = $15 WHERE id = $1",
      {s.id, s.name, s.cron, s.time_zone, s.target_kind, s.agent_id, optional_text(s.input),
       optional_text(s.session_id), optional_text(s.message), optional_int(s.max_credits_micro),
       s.overlap, s.status, optional_int(s.next_fire_at_ms), optional_int(s.last_fired_at_ms),
       s.updated_at_ms});
}

bool delete_schedule(Tx& tx, std::string_view account_id, std::string_view id) {
  if (tx.exec("DELETE FROM schedules WHERE id = $1 AND account_id = $2",
              {std::string(id), std::string(account_id)}) != 1) {
    return false;
  }
  tx.exec("DELETE FROM schedule_firings WHERE schedule_id = $1", {std::string(id)});
  return true;
}

std::vector<ScheduleRecord> due_schedules(Tx& tx, std::int64_t now_ms, std::int64_t limit) {
  std::string sql = select_schedules() +
                    " WHERE next_fire_at <= $1 AND status = 'active' ORDER BY next_fire_at, id "
                    "LIMIT $2";
  if (tx.engine() == "postgres") sql += " FOR UPDATE SKIP LOCKED";
  std::vector<ScheduleRecord> out;
  for (Row& r : tx.query(sql, {now_ms, limit})) out.push_back(schedule_from(r));
  return out;
}

std::optional<std::int64_t> earliest_due(Tx& tx) {
  return tx.query("SELECT MIN(next_fire_at) FROM schedules WHERE status = 'active'")
      .at(0)
      .optional_integer(0);
}

bool insert_firing(Tx& tx, const FiringRecord& f) {
  return tx.exec(
             "INSERT INTO schedule_firings (id, schedule_id, account_id, due_at, fired_at, "
             "outcome, run_id, session_id, message_id, error) VALUES ($1, $2, $3, $4, $5, $6, $7, "
             "$8, $9, $10) ON CONFLICT DO NOTHING",
             {f.id, f.schedule_id, f.account_id, optional_int(f.due_at_ms), f.fired_at_ms,
              f.outcome, optional_text(f.run_id), optional_text(f.session_id),
              optional_text(f.message_id), optional_text(f.error)}) == 1;
}

void update_firing(Tx& tx, const FiringRecord& f) {
  tx.exec(
      "UPDATE schedule_firings SET outcome = $2, run_id = $3, session_id = $4, message_id = $5, "
      "error = $6 WHERE id = $1",
      {f.id, f.outcome, optional_text(f.run_id), optional_text(f.session_id),
       optional_text(f.message_id), optional_text(f.error)});
}

std::vector<FiringRecord> recent_firings(Tx& tx, std::string_view schedule_id, std::int64_t limit) {
  std::vector<FiringRecord> out;
  for (Row& r : tx.query("SELECT " + std::string(firing_columns) +
                             " FROM schedule_firings WHERE schedule_id = $1 ORDER BY id DESC "
                             "LIMIT $2",
                         {std::string(schedule_id), limit})) {
    out.push_back(firing_from(r));
  }
  return out;
}

std::optional<FiringRecord> last_started_firing(Tx& tx, std::string_view schedule_id) {
  Rows rows = tx.query("SELECT " + std::string(firing_columns) +
                           " FROM schedule_firings WHERE schedule_id = $1 AND outcome = "
                           "'started' ORDER BY id DESC LIMIT 1",
                       {std::string(schedule_id)});
  if (rows.empty()) return std::nullopt;
  return firing_from(rows.front());
}

void end_chat_firing(Tx& tx, std::string_view id, const std::optional<std::string>& session_id,
                     const std::optional<std::string>& message_id,
                     const std::optional<std::string>& error) {
  tx.exec(
      "UPDATE schedule_firings SET outcome = $2, session_id = COALESCE($3, session_id), "
      "message_id = $4, error = $5 WHERE id = $1 AND outcome = 'started' AND run_id IS NULL AND "
      "message_id IS NULL AND error IS NULL",
      {std::string(id), std::string(error ? "failed" : "started"), optional_text(session_id),
       optional_text(message_id), optional_text(error)});
}

std::int64_t abandon_chat_firings(Tx& tx, std::int64_t before_ms, std::string_view error) {
  return tx.exec(
      "UPDATE schedule_firings SET outcome = 'failed', error = $2 WHERE outcome = 'started' AND "
      "run_id IS NULL AND message_id IS NULL AND error IS NULL AND fired_at < $1",
      {before_ms, std::string(error)});
}

std::int64_t prune_firings(Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  std::vector<std::string> ids;
  for (Row& r : tx.query("SELECT id FROM schedule_firings WHERE fired_at < $1 LIMIT $2",
                         {before_ms, limit})) {
    ids.push_back(r.take_text(0));
  }
  if (ids.empty()) return 0;
  Where firings;
  firings.in("id", ids);
  return tx.exec("DELETE FROM schedule_firings WHERE " + firings.text(), firings.params());
}

}  // namespace agentry::store
