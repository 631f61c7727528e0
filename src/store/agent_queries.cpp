#include "store/queries.hpp"
#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view agent_columns =
    "id, account_id, name, display_name, description, version, kind, model, system_prompt, "
    "soul_md, workflow_md, rules, capabilities, price_per_task_micro, endpoint_url, visibility, "
    "region, status, run_count, reputation_score, total_tasks, revision, created_at, updated_at, "
    "started_at, stopped_at, swarm_id";

AgentRecord agent_from(Row&& r) {
  AgentRecord a;
  a.id = r.take_text(0);
  a.account_id = r.take_text(1);
  a.name = r.take_text(2);
  a.display_name = r.take_text(3);
  a.description = r.take_text(4);
  a.version = r.take_text(5);
  a.kind = r.take_text(6);
  a.model = r.take_optional_text(7);
  a.system_prompt = r.take_text(8);
  a.soul_md = r.take_text(9);
  a.workflow_md = r.take_text(10);
  a.rules = decode_string_list(r.text(11));
  a.capabilities = decode_string_list(r.text(12));
  a.price_per_task_micro = r.integer(13);
  a.endpoint_url = r.take_optional_text(14);
  a.visibility = r.take_text(15);
  a.region = r.take_text(16);
  a.status = r.take_text(17);
  a.run_count = r.integer(18);
  a.reputation_score = r.real(19);
  a.total_tasks = r.integer(20);
  a.revision = r.integer(21);
  a.created_at_ms = r.integer(22);
  a.updated_at_ms = r.integer(23);
  a.started_at_ms = r.optional_integer(24);
  a.stopped_at_ms = r.optional_integer(25);
  a.swarm_id = r.take_optional_text(26);
  return a;
}

// $1 id, $2 account_id, then $3..$18: the columns an owner can change, in table order.
std::vector<Value> key_and_fields(const AgentRecord& a) {
  return {a.id,
          a.account_id,
          a.name,
          a.display_name,
          a.description,
          a.version,
          a.kind,
          optional_text(a.model),
          a.system_prompt,
          a.soul_md,
          a.workflow_md,
          encode_string_list(a.rules),
          encode_string_list(a.capabilities),
          a.price_per_task_micro,
          optional_text(a.endpoint_url),
          a.visibility,
          a.region,
          a.status};
}

std::string select_agents(std::string_view where) {
  std::string q = "SELECT ";
  q += agent_columns;
  q += " FROM agents WHERE ";
  q += where;
  return q;
}

void write_capabilities(Tx& tx, const AgentRecord& a) {
  tx.exec_later("DELETE FROM agent_capabilities WHERE agent_id = $1", {a.id});
  for (const std::string& c : a.capabilities) {
    tx.exec_later(
        "INSERT INTO agent_capabilities (agent_id, capability) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING",
        {a.id, c});
  }
}

// Escapes LIKE's wildcards so that user text matches literally.
std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == '%' || lower == '_' || lower == '\\') out += '\\';
    out += lower;
  }
  out += '%';
  return out;
}

}  // namespace

bool insert_agent(Tx& tx, const AgentRecord& a) {
  std::vector<Value> params = key_and_fields(a);
  for (Value v : {Value(a.run_count), Value(a.reputation_score), Value(a.total_tasks),
                  Value(a.revision), Value(a.created_at_ms), Value(a.updated_at_ms),
                  optional_int(a.started_at_ms), optional_int(a.stopped_at_ms)}) {
    params.push_back(std::move(v));
  }
  const std::int64_t inserted = tx.exec(
      "INSERT INTO agents (id, account_id, name, display_name, description, version, kind, model, "
      "system_prompt, soul_md, workflow_md, rules, capabilities, price_per_task_micro, "
      "endpoint_url, visibility, region, status, run_count, reputation_score, total_tasks, "
      "revision, created_at, updated_at, started_at, stopped_at) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, "
      "$26) ON CONFLICT (account_id, name) DO NOTHING",
      params);
  if (inserted != 1) return false;
  write_capabilities(tx, a);
  return true;
}

std::optional<AgentRecord> find_agent(Tx& tx, std::string_view account_id, std::string_view id) {
  static const std::string q = select_agents("id = $1 AND account_id = $2");
  Rows rows = tx.query(q, {std::string(id), std::string(account_id)});
  if (rows.empty()) return std::nullopt;
  return agent_from(std::move(rows[0]));
}

std::optional<AgentRecord> find_agent_by_id(Tx& tx, std::string_view id) {
  static const std::string q = select_agents("id = $1");
  Rows rows = tx.query(q, {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return agent_from(std::move(rows[0]));
}

std::optional<AgentRecord> find_agent_by_name(Tx& tx, std::string_view account_id,
                                              std::string_view name) {
  static const std::string q = select_agents("account_id = $1 AND name = $2");
  Rows rows = tx.query(q, {std::string(account_id), std::string(name)});
  if (rows.empty()) return std::nullopt;
  return agent_from(std::move(rows[0]));
}

std::vector<AgentRecord> find_public_agents_by_name(Tx& tx, std::string_view name,
                                                    std::int64_t limit) {
  static const std::string q =
      select_agents("visibility = 'public' AND name = $1") + " ORDER BY id LIMIT $2";
  std::vector<AgentRecord> out;
  for (Row& row : tx.query(q, {std::string(name), limit}))
    out.push_back(agent_from(std::move(row)));
  return out;
}

bool agent_name_taken(Tx& tx, std::string_view account_id, std::string_view name,
                      std::string_view except_id) {
  return !tx.query("SELECT 1 FROM agents WHERE account_id = $1 AND name = $2 AND id <> $3",
                   {std::string(account_id), std::string(name), std::string(except_id)})
              .empty();
}

PageOf<AgentRecord> list_agents(Tx& tx, const AgentFilter& filter, Page page) {
  Where where;
  if (filter.account_id && filter.or_public) {
    where.add("(account_id = " + where.param(*filter.account_id) + " OR visibility = 'public')");
  } else if (filter.account_id) {
    where.compare("account_id", "=", *filter.account_id);
  }
  if (filter.public_only) where.add("visibility = 'public'");
  if (filter.status) where.compare("status", "=", *filter.status);
  if (filter.capability) {
    where.add(
        "EXISTS (SELECT 1 FROM agent_capabilities c WHERE c.agent_id = agents.id AND "
        "c.capability = " +
        where.param(*filter.capability) + ")");
  }
  if (filter.text) {
    const std::string p = where.param(like_pattern(*filter.text));
    where.add("(LOWER(name) LIKE " + p + " ESCAPE '\\' OR LOWER(display_name) LIKE " + p +
              " ESCAPE '\\' OR LOWER(description) LIKE " + p + " ESCAPE '\\')");
  }
  static const std::string select = "SELECT " + std::string(agent_columns) + " FROM agents";
  return page_of<AgentRecord>(tx, "agents", select, std::move(where), page,
                              [](Row& r) { return agent_from(std::move(r)); });
}

bool update_agent(Tx& tx, const AgentRecord& a) {
  std::vector<Value> params = key_and_fields(a);
  for (Value v : {Value(a.updated_at_ms), optional_int(a.started_at_ms),
                  optional_int(a.stopped_at_ms), Value(a.revision)}) {
    params.push_back(std::move(v));
  }
  const std::int64_t changed = tx.exec(
      "UPDATE agents SET name = $3, display_name = $4, description = $5, version = $6, kind = $7, "
      "model = $8, system_prompt = $9, soul_md = $10, workflow_md = $11, rules = $12, "
      "capabilities = $13, price_per_task_micro = $14, endpoint_url = $15, visibility = $16, "
      "region = $17, status = $18, updated_at = $19, started_at = $20, stopped_at = $21, "
      "revision = revision + 1 WHERE id = $1 AND account_id = $2 AND revision = $22",
      params);
  if (changed != 1) return false;
  write_capabilities(tx, a);
  return true;
}

bool delete_agent(Tx& tx, std::string_view account_id, std::string_view id) {
  tx.exec(
      "DELETE FROM agent_capabilities WHERE agent_id = $1 AND agent_id IN "
      "(SELECT id FROM agents WHERE account_id = $2)",
      {std::string(id), std::string(account_id)});
  for (std::string_view table : {"agent_signing_secrets", "agent_contacts"}) {
    tx.exec("DELETE FROM " + std::string(table) +
                " WHERE agent_id = $1 AND agent_id IN (SELECT id FROM agents WHERE account_id = "
                "$2)",
            {std::string(id), std::string(account_id)});
  }
  return tx.exec("DELETE FROM agents WHERE id = $1 AND account_id = $2",
                 {std::string(id), std::string(account_id)}) == 1;
}

std::int64_t count_agents(Tx& tx, std::string_view account_id) {
  return tx.query("SELECT COUNT(*) FROM agents WHERE account_id = $1", {std::string(account_id)})
      .at(0)
      .integer(0);
}

std::int64_t count_running_agents(Tx& tx, std::string_view account_id) {
  return tx
      .query("SELECT COUNT(*) FROM agents WHERE account_id = $1 AND status = 'running'",
             {std::string(account_id)})
      .at(0)
      .integer(0);
}

void increment_agent_runs(Tx& tx, std::string_view id) {
  tx.exec("UPDATE agents SET run_count = run_count + 1 WHERE id = $1", {std::string(id)});
}

std::optional<std::string> find_signing_secret(Tx& tx, std::string_view agent_id) {
  Rows rows = tx.query("SELECT sealed FROM agent_signing_secrets WHERE agent_id = $1",
                       {std::string(agent_id)});
  if (rows.empty()) return std::nullopt;
  return rows.front().take_text(0);
}

void put_signing_secret(Tx& tx, std::string_view agent_id, std::string_view sealed,
                        std::int64_t now_ms) {
  tx.exec(
      "INSERT INTO agent_signing_secrets (agent_id, sealed, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (agent_id) DO UPDATE SET sealed = excluded.sealed, created_at = "
      "excluded.created_at",
      {std::string(agent_id), std::string(sealed), now_ms});
}

}  // namespace agentry::store
