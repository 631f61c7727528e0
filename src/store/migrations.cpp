#include "store/migrations.hpp"

namespace agentry::store {

const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> migrations = {
      {1, "accounts, keys, agents, idempotency", R"sql(
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  plan TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_email ON accounts (email);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
);
CREATE INDEX api_keys_account ON api_keys (account_id, id);

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL,
  version TEXT NOT NULL,
  kind TEXT NOT NULL,
  model TEXT,
  system_prompt TEXT NOT NULL,
  soul_md TEXT NOT NULL,
  workflow_md TEXT NOT NULL,
  rules TEXT NOT NULL,
  capabilities TEXT NOT NULL,
  price_per_task_micro BIGINT NOT NULL,
  endpoint_url TEXT,
  visibility TEXT NOT NULL,
  region TEXT NOT NULL,
  status TEXT NOT NULL,
  run_count BIGINT NOT NULL DEFAULT 0,
  reputation_score DOUBLE PRECISION NOT NULL DEFAULT 0,
  total_tasks BIGINT NOT NULL DEFAULT 0,
  revision BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  started_at BIGINT,
  stopped_at BIGINT,
  UNIQUE (account_id, name)
);
CREATE INDEX agents_public ON agents (visibility, id);

CREATE TABLE agent_capabilities (
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  capability TEXT NOT NULL,
  PRIMARY KEY (agent_id, capability)
);
CREATE INDEX agent_capabilities_capability ON agent_capabilities (capability, agent_id);

CREATE TABLE idempotency_keys (
  account_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  status_code INTEGER,
  response_body TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
)sql"},
      // lastUsedAt changes all the time; keys themselves rarely. Apart, a key's use does not
      // count as a change of api_keys, whose cached copies then stay valid.
      {2, "key usage apart from keys", R"sql(
CREATE TABLE api_key_usage (
  key_id TEXT PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
  last_used_at BIGINT NOT NULL
);
INSERT INTO api_key_usage (key_id, last_used_at)
  SELECT id, last_used_at FROM api_keys WHERE last_used_at IS NOT NULL;
ALTER TABLE api_keys DROP COLUMN last_used_at;
)sql"},
      // PostgreSQL tells every node which tables another node changed (LISTEN agentry_changes),
      // so that their caches drop what is stale. SQLite has one writer, which counts changes
      // itself. A table read through a cache needs this trigger; without it the cache is off.
      // Only authentication is cached across nodes: a notification takes milliseconds to
      // arrive, which a revocation may take, but a read right after another node's write may not.
      {3, "change notifications", R"sql(
CREATE FUNCTION agentry_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('agentry_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
CREATE TRIGGER agentry_changes AFTER INSERT OR UPDATE OR DELETE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION agentry_notify_change();
CREATE TRIGGER agentry_changes AFTER INSERT OR UPDATE OR DELETE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION agentry_notify_change();
)sql",
       "-- SQLite's writer counts changes itself"},
  };
  return migrations;
}

int apply_migrations(Tx& tx, std::string_view engine, std::int64_t applied_at_ms) {
  tx.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const Rows current = tx.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  const std::int64_t have = current.at(0).integer(0);
  int applied = 0;
  for (const Migration& m : all_migrations()) {
    if (m.version <= have) continue;
    std::string_view sql = m.sql;
    if (engine == "sqlite" && !m.sqlite_sql.empty()) sql = m.sqlite_sql;
    if (engine == "postgres" && !m.postgres_sql.empty()) sql = m.postgres_sql;
    tx.exec_script("BEGIN");
    try {
      tx.exec_script(sql);
      tx.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
              {std::int64_t{m.version}, std::string(m.name), applied_at_ms});
      tx.exec_script("COMMIT");
    } catch (...) {
      tx.exec_script("ROLLBACK");
      throw;
    }
    ++applied;
  }
  return applied;
}

}  // namespace agentry::store
