#include "store/swarm_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view select_swarms =
    "SELECT id, account_id, name, description, coordinator_id, created_at, updated_at FROM "
    "swarms";

SwarmRecord swarm_from(Row& r) {
  return {.id = r.take_text(0),
          .account_id = r.take_text(1),
          .name = r.take_text(2),
          .description = r.take_text(3),
          .coordinator_id = r.take_optional_text(4),
          .created_at_ms = r.integer(5),
          .updated_at_ms = r.integer(6)};
}

std::vector<std::string> members_of(Tx& tx, const std::string& swarm_id) {
  std::vector<std::string> out;
  for (Row& r : tx.query("SELECT id FROM agents WHERE swarm_id = $1 ORDER BY id", {swarm_id})) {
    out.push_back(r.take_text(0));
  }
  return out;
}

}  // namespace

void insert_swarm(Tx& tx, const SwarmRecord& s) {
  tx.exec(
      "INSERT INTO swarms (id, account_id, name, description, coordinator_id, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {s.id, s.account_id, s.name, s.description, optional_text(s.coordinator_id), s.created_at_ms,
       s.updated_at_ms});
}

std::optional<SwarmRecord> find_swarm(Tx& tx, std::string_view id) {
  Rows rows = tx.query(std::string(select_swarms) + " WHERE id = $1", {std::string(id)});
  if (rows.empty()) return std::nullopt;
  SwarmRecord s = swarm_from(rows.front());
  s.members = members_of(tx, s.id);
  return s;
}

bool swarm_name_taken(Tx& tx, std::string_view account_id, std::string_view name,
                      std::string_view except_id) {
  return !tx.query("SELECT 1 FROM swarms WHERE account_id = $1 AND name = $2 AND id <> $3",
                   {std::string(account_id), std::string(name), std::string(except_id)})
              .empty();
}

PageOf<SwarmRecord> list_swarms(Tx& tx, std::string_view account_id, Page page) {
  auto out =
      page_of<SwarmRecord>(tx, "swarms", select_swarms,
                           Where("account_id = $1", {std::string(account_id)}), page, swarm_from);
  for (SwarmRecord& s : out.items) s.members = members_of(tx, s.id);
  return out;
}

std::int64_t count_swarms(Tx& tx, std::string_view account_id) {
  return tx.query("SELECT COUNT(*) FROM swarms WHERE account_id = $1", {std::string(account_id)})
      .at(0)
      .integer(0);
}

void update_swarm(Tx& tx, const SwarmRecord& s) {
  tx.exec(
      "UPDATE swarms SET name = $2, description = $3, coordinator_id = $4, updated_at = $5 WHERE "
      "id = $1",
      {s.id, s.name, s.description, optional_text(s.coordinator_id), s.updated_at_ms});
}

void delete_swarm(Tx& tx, std::string_view id, std::int64_t now_ms) {
  const std::string swarm(id);
  tx.exec(
      "UPDATE agents SET swarm_id = NULL, revision = revision + 1, updated_at = $2 WHERE "
      "swarm_id = $1",
      {swarm, now_ms});
  tx.exec("DELETE FROM swarms WHERE id = $1", {swarm});
}

void drop_coordinator(Tx& tx, std::string_view agent_id, std::int64_t now_ms) {
  tx.exec("UPDATE swarms SET coordinator_id = NULL, updated_at = $2 WHERE coordinator_id = $1",
          {std::string(agent_id), now_ms});
}

void set_agent_swarm(Tx& tx, std::string_view agent_id, const std::optional<std::string>& swarm_id,
                     std::int64_t now_ms) {
  tx.exec("UPDATE agents SET swarm_id = $2, revision = revision + 1, updated_at = $3 WHERE id = $1",
          {std::string(agent_id), optional_text(swarm_id), now_ms});
}

}  // namespace agentry::store
