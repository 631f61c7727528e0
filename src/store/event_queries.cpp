#include "store/event_queries.hpp"

#include <algorithm>

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view columns =
    "SELECT id, account_id, type, agent_id, data, created_at FROM events";

EventRecord event_of(Row& r) {
  return {r.take_text(0),          r.take_text(1), r.take_text(2),
          r.take_optional_text(3), r.take_text(4), r.integer(5)};
}

// The types matching any of `patterns` (each checked by the domain: a type, "prefix.*" or "*").
// A prefix is compared by its length, which is our number, not text from the request.
void match_types(Where& where, const std::vector<std::string>& patterns) {
  if (patterns.empty() || std::find(patterns.begin(), patterns.end(), "*") != patterns.end()) {
    return;
  }
  std::string any;
  for (const std::string& p : patterns) {
    if (!any.empty()) any += " OR ";
    if (p.ends_with(".*")) {
      const std::string prefix = p.substr(0, p.size() - 1);
      any += "substr(type, 1, " + std::to_string(prefix.size()) + ") = " + where.param(prefix);
    } else {
      any += "type = " + where.param(p);
    }
  }
  where.add("(" + any + ")");
}

}  // namespace

void insert_event(Tx& tx, const EventRecord& e) {
  tx.exec_later(
      "INSERT INTO events (id, account_id, type, agent_id, data, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {e.id, e.account_id, e.type, optional_text(e.agent_id), e.data, e.created_at_ms});
}

std::optional<EventRecord> find_event(Tx& tx, std::string_view account_id, std::string_view id) {
  Rows rows = tx.query(std::string(columns) + " WHERE id = $1 AND account_id = $2",
                       {std::string(id), std::string(account_id)});
  if (rows.empty()) return std::nullopt;
  return event_of(rows.front());
}

std::vector<EventRecord> list_events(Tx& tx, std::string_view account_id, const EventFilter& filter,
                                     std::int64_t limit) {
  Where where("account_id = $1", {std::string(account_id)});
  match_types(where, filter.types);
  if (filter.agent_id) where.compare("agent_id", "=", *filter.agent_id);
  if (filter.before_id) where.compare("id", "<", *filter.before_id);
  std::vector<EventRecord> out;
  for (Row& r : where.rows(tx, columns, "id DESC", limit)) out.push_back(event_of(r));
  return out;
}

std::int64_t prune_events(Tx& tx, const std::string& before_id, std::int64_t limit) {
  return tx.exec(
      "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id < $1 ORDER BY id LIMIT $2)",
      {before_id, limit});
}

}  // namespace agentry::store
