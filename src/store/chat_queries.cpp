#include "store/chat_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view session_columns =
    "id, account_id, agent_id, end_user_id, title, message_count, created_at, updated_at";
constexpr std::string_view message_columns =
    "id, session_id, seq, role, content, input_tokens, output_tokens, cost, created_at, "
    "COALESCE(sources, '[]')";

SessionRecord session_from(Row& r) {
  return {r.take_text(0), r.take_text(1), r.take_text(2), r.take_optional_text(3),
          r.take_text(4), r.integer(5),   r.integer(6),   r.integer(7)};
}

MessageRecord message_from(Row& r) {
  return {.id = r.take_text(0),
          .session_id = r.take_text(1),
          .seq = r.integer(2),
          .role = r.take_text(3),
          .content = r.take_text(4),
          .input_tokens = r.integer(5),
          .output_tokens = r.integer(6),
          .cost_micro = r.integer(7),
          .created_at_ms = r.integer(8),
          .sources = r.take_text(9)};
}

}  // namespace

void insert_session(Tx& tx, const SessionRecord& s) {
  tx.exec(
      "INSERT INTO chat_sessions (id, account_id, agent_id, end_user_id, title, message_count, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6)",
      {s.id, s.account_id, s.agent_id, optional_text(s.end_user_id), s.title, s.created_at_ms});
}

std::optional<SessionRecord> find_session(Tx& tx, std::string_view id) {
  Rows rows =
      tx.query("SELECT " + std::string(session_columns) + " FROM chat_sessions WHERE id = $1",
               {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return session_from(rows.front());
}

PageOf<SessionRecord> page_sessions(Tx& tx, std::string_view account_id,
                                    const std::optional<std::string>& agent_id, Page page) {
  Where where("account_id = $1", {std::string(account_id)});
  if (agent_id) where.compare("agent_id", "=", *agent_id);
  static const std::string select =
      "SELECT " + std::string(session_columns) + " FROM chat_sessions";
  return page_of<SessionRecord>(tx, "chat_sessions", select, std::move(where), page,
                                [](Row& r) { return session_from(r); });
}

std::vector<SessionRecord> list_sessions(Tx& tx, std::string_view account_id,
                                         const std::optional<std::string>& agent_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit) {
  std::vector<Value> params = {std::string(account_id), limit};
  std::string sql =
      "SELECT " + std::string(session_columns) + " FROM chat_sessions WHERE account_id = $1";
  if (agent_id) {
    params.emplace_back(*agent_id);
    sql += " AND agent_id = $" + std::to_string(params.size());
  }
  if (before_id) {
    params.emplace_back(*before_id);
    sql += " AND id < $" + std::to_string(params.size());
  }
  sql += " ORDER BY id DESC LIMIT $2";
  std::vector<SessionRecord> out;
  for (Row& r : tx.query(sql, params)) out.push_back(session_from(r));
  return out;
}

bool delete_session(Tx& tx, std::string_view id) {
  tx.exec("DELETE FROM chat_messages WHERE session_id = $1", {std::string(id)});
  return tx.exec("DELETE FROM chat_sessions WHERE id = $1", {std::string(id)}) == 1;
}

std::optional<MessageRecord> append_message(Tx& tx, MessageRecord m) {
  Rows rows = tx.query(
      "UPDATE chat_sessions SET message_count = message_count + 1, updated_at = $2 WHERE id = $1 "
      "RETURNING message_count",
      {m.session_id, m.created_at_ms});
  if (rows.empty()) return std::nullopt;
  m.seq = rows.front().integer(0);
  tx.exec(
      "INSERT INTO chat_messages (id, session_id, seq, role, content, input_tokens, "
      "output_tokens, cost, created_at, reply_to, sources) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, $9, $10, $11)",
      {m.id, m.session_id, m.seq, m.role, m.content, m.input_tokens, m.output_tokens, m.cost_micro,
       m.created_at_ms, m.reply_to ? Value(*m.reply_to) : Value(nullptr),
       m.sources == "[]" ? Value(nullptr) : Value(m.sources)});
  return m;
}

void remove_last_message(Tx& tx, std::string_view session_id, std::string_view message_id) {
  if (tx.exec("DELETE FROM chat_messages WHERE id = $1 AND session_id = $2",
              {std::string(message_id), std::string(session_id)}) == 1) {
    tx.exec("UPDATE chat_sessions SET message_count = message_count - 1 WHERE id = $1",
            {std::string(session_id)});
  }
}

std::optional<MessageRecord> find_message(Tx& tx, std::string_view id) {
  Rows rows =
      tx.query("SELECT " + std::string(message_columns) + " FROM chat_messages WHERE id = $1",
               {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return message_from(rows[0]);
}

std::optional<MessageRecord> find_reply(Tx& tx, std::string_view user_message_id) {
  Rows rows =
      tx.query("SELECT " + std::string(message_columns) + " FROM chat_messages WHERE reply_to = $1",
               {std::string(user_message_id)});
  if (rows.empty()) return std::nullopt;
  MessageRecord m = message_from(rows[0]);
  m.reply_to = std::string(user_message_id);
  return m;
}

std::vector<MessageRecord> list_messages(Tx& tx, std::string_view session_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit) {
  std::vector<Value> params = {std::string(session_id), limit};
  std::string sql =
      "SELECT " + std::string(message_columns) + " FROM chat_messages WHERE session_id = $1";
  if (before_id) {
    params.emplace_back(*before_id);
    sql += " AND seq < (SELECT seq FROM chat_messages WHERE id = $3)";
  }
  sql += " ORDER BY seq DESC LIMIT $2";
  std::vector<MessageRecord> out;
  for (Row& r : tx.query(sql, params)) out.push_back(message_from(r));
  return out;
}

}  // namespace agentry::store
