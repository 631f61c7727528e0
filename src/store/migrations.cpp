#include "store/migrations.hpp"

#include <string>

namespace agentry::store {
namespace {

// Rollups are read and added to by their whole primary key: on SQLite they are stored by it.
constexpr std::string_view rollups = R"sql(
CREATE TABLE usage_days (
  account_id TEXT NOT NULL,
  day TEXT NOT NULL,
  key_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  model TEXT NOT NULL,
  requests BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  spent_micro BIGINT NOT NULL,
  earned_micro BIGINT NOT NULL,
  PRIMARY KEY (account_id, day, key_id, agent_id, model)
) WITHOUT_ROWID;
INSERT INTO usage_days SELECT account_id, day, '', '', '', requests, 0, 0, 0, 0 FROM usage_daily;
DROP TABLE usage_daily;
CREATE TABLE agent_stats (
  account_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  span_ms BIGINT NOT NULL,
  start_ms BIGINT NOT NULL,
  runs_created BIGINT NOT NULL,
  runs_completed BIGINT NOT NULL,
  runs_failed BIGINT NOT NULL,
  runs_cancelled BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micro BIGINT NOT NULL,
  chat_turns BIGINT NOT NULL,
  tasks_completed BIGINT NOT NULL,
  rating_sum BIGINT NOT NULL,
  rating_count BIGINT NOT NULL,
  PRIMARY KEY (account_id, agent_id, span_ms, start_ms)
) WITHOUT_ROWID;
CREATE INDEX agent_stats_start ON agent_stats (span_ms, start_ms);
CREATE TABLE agent_durations (
  account_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  span_ms BIGINT NOT NULL,
  start_ms BIGINT NOT NULL,
  bucket INTEGER NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (account_id, agent_id, span_ms, start_ms, bucket)
) WITHOUT_ROWID;
CREATE INDEX agent_durations_start ON agent_durations (span_ms, start_ms);
ALTER TABLE runs ADD COLUMN key_id TEXT;
)sql";

// `sql` with its WITHOUT_ROWID marks as `engine` writes them.
std::string for_engine(std::string_view sql, std::string_view engine) {
  constexpr std::string_view mark = "WITHOUT_ROWID";
  const std::string_view replacement = engine == "sqlite" ? "WITHOUT ROWID" : "";
  std::string out(sql);
  for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark, at)) {
    out.replace(at, mark.size(), replacement);
  }
  return out;
}

}  // namespace

const std::vector<Migration>& all_migrations() {
  static const std::string rollups_sqlite = for_engine(rollups, "sqlite");
  static const std::string rollups_postgres = for_engine(rollups, "postgres");
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
      // Money (DESIGN.md "Money"): every movement is an immutable transfer between two ledger
      // accounts. Wallets and holds keep their balance in their row, so that a debit is one
      // conditional update; the platform's accounts (fees, mint) are append-only, their
      // balance the sum of their transfers, so that no busy row serializes the marketplace.
      // The constraints hold the invariants even against a bug: no wallet or hold below zero,
      // each phase of a hold recorded once.
      {4, "credits ledger and marketplace tasks", R"sql(
CREATE TABLE ledger_accounts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('wallet', 'hold', 'fees', 'mint')),
  account_id TEXT REFERENCES accounts (id),
  balance BIGINT NOT NULL DEFAULT 0,
  held BIGINT NOT NULL DEFAULT 0,
  used BIGINT NOT NULL DEFAULT 0,
  hold_state TEXT CHECK (hold_state IN ('pending', 'posted', 'voided')),
  hold_amount BIGINT,
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  CHECK (balance >= 0 OR kind IN ('fees', 'mint')),
  CHECK (held >= 0 AND used >= 0),
  CHECK ((kind = 'hold') = (hold_state IS NOT NULL)),
  CHECK (kind <> 'hold' OR (hold_amount > 0 AND balance <= hold_amount))
) /*WITHOUT ROWID*/;
CREATE INDEX ledger_accounts_holds ON ledger_accounts (account_id) WHERE kind = 'hold';
INSERT INTO ledger_accounts (id, kind, created_at) VALUES ('platform:fees', 'fees', 0);
INSERT INTO ledger_accounts (id, kind, created_at) VALUES ('platform:mint', 'mint', 0);
INSERT INTO ledger_accounts (id, kind, account_id, created_at)
  SELECT id, 'wallet', id, created_at FROM accounts;

CREATE TABLE transfers (
  id TEXT PRIMARY KEY,
  debit_id TEXT NOT NULL REFERENCES ledger_accounts (id),
  credit_id TEXT NOT NULL REFERENCES ledger_accounts (id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  kind TEXT NOT NULL,
  hold_id TEXT,
  phase TEXT CHECK (phase IN ('hold', 'capture', 'fee', 'release')),
  task_id TEXT,
  run_id TEXT,
  agent_id TEXT,
  memo TEXT,
  created_at BIGINT NOT NULL,
  CHECK (debit_id <> credit_id),
  CHECK ((hold_id IS NULL) = (phase IS NULL)),
  UNIQUE (hold_id, phase)
) /*WITHOUT ROWID*/;
CREATE INDEX transfers_debit ON transfers (debit_id, id);
CREATE INDEX transfers_credit ON transfers (credit_id, id);

CREATE TABLE plan_grants (
  account_id TEXT NOT NULL REFERENCES accounts (id),
  period TEXT NOT NULL,
  amount BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, period)
);

CREATE TABLE usage_daily (
  account_id TEXT NOT NULL REFERENCES accounts (id),
  day TEXT NOT NULL,
  requests BIGINT NOT NULL,
  PRIMARY KEY (account_id, day)
);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  budget BIGINT NOT NULL CHECK (budget > 0),
  required_capabilities TEXT NOT NULL,
  offered_agent_id TEXT,
  offered_account_id TEXT,
  priority TEXT NOT NULL,
  deadline_at BIGINT,
  status TEXT NOT NULL
    CHECK (status IN ('open', 'assigned', 'completed', 'cancelled', 'expired')),
  hold_id TEXT NOT NULL UNIQUE REFERENCES ledger_accounts (id),
  agent_id TEXT,
  assignee_account_id TEXT,
  result TEXT,
  fee BIGINT,
  payout BIGINT,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  review TEXT,
  reviewed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  assigned_at BIGINT,
  closed_at BIGINT
) /*WITHOUT ROWID*/;
CREATE INDEX tasks_status ON tasks (status, id);
CREATE INDEX tasks_account ON tasks (account_id, id);
CREATE INDEX tasks_assignee ON tasks (assignee_account_id, id);
CREATE INDEX tasks_due ON tasks (deadline_at)
  WHERE deadline_at IS NOT NULL AND status IN ('open', 'assigned');

CREATE TABLE task_capabilities (
  task_id TEXT NOT NULL REFERENCES tasks (id),
  capability TEXT NOT NULL,
  PRIMARY KEY (task_id, capability)
);
CREATE INDEX task_capabilities_capability ON task_capabilities (capability, task_id);

ALTER TABLE agents ADD COLUMN rating_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN rating_sum BIGINT NOT NULL DEFAULT 0;
)sql"},
      // Third-party credentials (LLM keys, agent credentials), sealed with AES-256-GCM under the
      // master key, the row's (account, name) as associated data: never stored in the clear.
      {5, "account secrets", R"sql(
CREATE TABLE account_secrets (
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, name)
);
)sql"},
      // Each agent's recent structured log: lifecycle, work taken and done, runs, errors.
      {6, "agent logs", R"sql(
CREATE TABLE agent_logs (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  event TEXT NOT NULL,
  message TEXT NOT NULL,
  run_id TEXT,
  task_id TEXT,
  created_at BIGINT NOT NULL
) /*WITHOUT ROWID*/;
CREATE INDEX agent_logs_agent ON agent_logs (agent_id, id);
CREATE INDEX agent_logs_created ON agent_logs (created_at);
)sql"},
      // A run's events are numbered 1, 2, 3 ... by runs.event_seq, so that a stream resumes after
      // the number it saw without gaps or repeats. The worker holding a run proves it with
      // `claim` (new on every claim) and keeps `lease_until` fresh; a run whose lease lapsed
      // belongs to no one and is recovered. Tokens per account and UTC minute enforce the plans'
      // tokens-per-minute limit on every node alike. A remote agent's signing secret is sealed
      // like account secrets.
      {7, "runs", R"sql(
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  agent_account_id TEXT NOT NULL,
  agent_kind TEXT NOT NULL,
  model TEXT,
  source TEXT NOT NULL CHECK (source IN ('run', 'execute')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'active', 'cancelling', 'completed', 'failed',
                                         'cancelled')),
  progress BIGINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  input TEXT NOT NULL,
  context_data TEXT,
  result TEXT,
  error_code TEXT,
  error_message TEXT,
  input_tokens BIGINT NOT NULL DEFAULT 0,
  output_tokens BIGINT NOT NULL DEFAULT 0,
  max_output_tokens BIGINT NOT NULL,
  price_per_task BIGINT NOT NULL,
  discount_percent BIGINT NOT NULL,
  max_cost BIGINT NOT NULL CHECK (max_cost >= 0),
  cost BIGINT NOT NULL DEFAULT 0 CHECK (cost >= 0 AND cost <= max_cost),
  hold_id TEXT,
  timeout_ms BIGINT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  claim TEXT,
  lease_until BIGINT,
  event_seq BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
) /*WITHOUT ROWID*/;
CREATE INDEX runs_account ON runs (account_id, id);
CREATE INDEX runs_queued ON runs (id) WHERE status = 'queued';
CREATE INDEX runs_lease ON runs (lease_until) WHERE lease_until IS NOT NULL;
CREATE TABLE run_events (
  run_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, seq)
) /*WITHOUT ROWID*/;
CREATE TABLE agent_signing_secrets (
  agent_id TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE token_minutes (
  account_id TEXT NOT NULL,
  minute BIGINT NOT NULL,
  tokens BIGINT NOT NULL,
  PRIMARY KEY (account_id, minute)
) /*WITHOUT ROWID*/;
)sql"},
      // Chat: a session's messages are numbered by chat_sessions.message_count, so that history
      // keeps its order whatever the clock does within a millisecond. Pending holds are indexed
      // for the housekeeping pass that releases those of chat turns a crash cut off.
      {8, "chat sessions", R"sql(
CREATE TABLE chat_sessions (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  end_user_id TEXT,
  title TEXT NOT NULL,
  message_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX chat_sessions_account ON chat_sessions (account_id, id);
CREATE TABLE chat_messages (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content TEXT NOT NULL,
  input_tokens BIGINT NOT NULL DEFAULT 0,
  output_tokens BIGINT NOT NULL DEFAULT 0,
  cost BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (session_id, seq)
);
CREATE INDEX ledger_pending_holds ON ledger_accounts (created_at) WHERE hold_state = 'pending';
)sql"},
      // Run events are kept for a retention period: the housekeeping pass finds old ones by time.
      // Each node looks for its runs that another node put in cancelling.
      {9, "run event retention, cancel watch", R"sql(
CREATE INDEX run_events_created ON run_events (created_at);
CREATE INDEX runs_cancelling ON runs (id) WHERE status = 'cancelling';
)sql"},
      // An Idempotency-Key's answer is stored in the transaction of its request's effect, with
      // the headers a replay repeats; nothing marks a key in flight in the database any more, so
      // the markers a crash left behind go.
      {10, "idempotent answers with their effect", R"sql(
DELETE FROM idempotency_keys WHERE state <> 'done';
UPDATE idempotency_keys SET status_code = 200 WHERE status_code IS NULL;
UPDATE idempotency_keys SET response_body = '' WHERE response_body IS NULL;
ALTER TABLE idempotency_keys ADD COLUMN response_location TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN response_etag TEXT NOT NULL DEFAULT '';
)sql"},
      // Which master key sealed the secrets: a restored copy started with another key (or
      // none) is refused instead of getting a new key that opens nothing.
      {11, "master key check", R"sql(
CREATE TABLE master_key_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  check_value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
)sql"},
      // A reply names the message it answers, so that a streamed turn whose client lost the
      // connection can be found and its end sent again.
      {12, "chat replies", R"sql(
ALTER TABLE chat_messages ADD COLUMN reply_to TEXT;
CREATE INDEX chat_messages_reply_to ON chat_messages (reply_to) WHERE reply_to IS NOT NULL;
)sql"},
      // Events: each state change's record, written in the transaction of the change, listed
      // newest first per account and pruned by age. A wallet's low-balance threshold sits on the
      // wallet, so that the statement that lowers the balance also answers whether it crossed.
      {13, "events, low-balance threshold", R"sql(
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  type TEXT NOT NULL,
  agent_id TEXT,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX events_account ON events (account_id, id);
CREATE INDEX events_created ON events (created_at);
ALTER TABLE ledger_accounts ADD COLUMN low_balance_micro BIGINT NOT NULL DEFAULT 0;
)sql"},
      // Webhooks: endpoints with their sealed signing secrets, and the outbox of deliveries
      // written with the events they carry; a pending delivery is due at next_attempt_at unless
      // a node's claim on it lasts (lease_until), so a dead node's deliveries come due again.
      {14, "webhooks", R"sql(
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  url TEXT NOT NULL,
  event_types TEXT NOT NULL,
  agent_id TEXT,
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  disabled_reason TEXT,
  secret_sealed TEXT NOT NULL,
  previous_secret_sealed TEXT,
  previous_until BIGINT,
  failing_since BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX webhooks_account ON webhooks (account_id, id);
CREATE INDEX webhooks_agent ON webhooks (agent_id) WHERE agent_id IS NOT NULL;
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  webhook_id TEXT,
  agent_id TEXT,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_created_at BIGINT NOT NULL,
  data TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,
  lease_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);
CREATE TABLE delivery_attempts (
  delivery_id TEXT NOT NULL,
  attempt BIGINT NOT NULL,
  status_code BIGINT,
  latency_ms BIGINT NOT NULL,
  error TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
) /*WITHOUT ROWID*/;
)sql"},
      // Every node hears of new deliveries (Database::watch wakes its delivery worker), as it
      // hears of key changes (migration 3).
      {15, "delivery notifications", R"sql(
CREATE TRIGGER agentry_changes AFTER INSERT OR UPDATE ON webhook_deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION agentry_notify_change();
)sql",
       "-- SQLite's writer counts changes itself"},
      // Schedules: each active one is due at next_fire_at; a firing is unique per schedule and
      // due time, so a due time fires once however many nodes look. Firings by hand have none.
      {16, "schedules", R"sql(
CREATE TABLE schedules (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  cron TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  input TEXT,
  session_id TEXT,
  message TEXT,
  max_credits_micro BIGINT,
  overlap TEXT NOT NULL,
  status TEXT NOT NULL,
  next_fire_at BIGINT,
  last_fired_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX schedules_account ON schedules (account_id, id);
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE status = 'active';
CREATE TABLE schedule_firings (
  id TEXT PRIMARY KEY,
  schedule_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  due_at BIGINT,
  fired_at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  run_id TEXT,
  session_id TEXT,
  message_id TEXT,
  error TEXT,
  UNIQUE (schedule_id, due_at)
);
CREATE INDEX schedule_firings_schedule ON schedule_firings (schedule_id, id);
CREATE INDEX schedule_firings_fired ON schedule_firings (fired_at);
)sql"},
      // Every node's schedule worker hears of a changed schedule (a new due time).
      {17, "schedule notifications", R"sql(
CREATE TRIGGER agentry_changes AFTER INSERT OR UPDATE ON schedules
  FOR EACH STATEMENT EXECUTE FUNCTION agentry_notify_change();
)sql",
       "-- SQLite's writer counts changes itself"},
      // The activity log: who changed what, from where, written in the transaction of the
      // change; money movements are entries of the wallet's account.
      {18, "activity log", R"sql(
CREATE TABLE activity (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  key_id TEXT,
  action TEXT NOT NULL,
  target_id TEXT,
  amount_micro BIGINT,
  client_address TEXT,
  request_id TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX activity_account ON activity (account_id, id);
CREATE INDEX activity_created ON activity (created_at);
)sql"},
      // Events and activity entries are pruned by id (ids are ordered by time), so they need no
      // index on created_at; on SQLite the tables are kept in their primary key's b-tree
      // (WITHOUT ROWID). Every transition writes them: two b-trees fewer each.
      {19, "events and activity by id", R"sql(
DROP INDEX events_created;
DROP INDEX activity_created;
)sql",
       R"sql(
CREATE TABLE events_by_id (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  type TEXT NOT NULL,
  agent_id TEXT,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL
) WITHOUT ROWID;
INSERT INTO events_by_id SELECT id, account_id, type, agent_id, data, created_at FROM events;
DROP TABLE events;
ALTER TABLE events_by_id RENAME TO events;
CREATE INDEX events_account ON events (account_id, id);
CREATE TABLE activity_by_id (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  key_id TEXT,
  action TEXT NOT NULL,
  target_id TEXT,
  amount_micro BIGINT,
  client_address TEXT,
  request_id TEXT,
  created_at BIGINT NOT NULL
) WITHOUT ROWID;
INSERT INTO activity_by_id SELECT id, account_id, actor, key_id, action, target_id, amount_micro,
  client_address, request_id, created_at FROM activity;
DROP TABLE activity;
ALTER TABLE activity_by_id RENAME TO activity;
CREATE INDEX activity_account ON activity (account_id, id);
)sql"},
      {20, "usage and agent rollups", "", rollups_sqlite, rollups_postgres},
      {21, "skills", R"sql(
CREATE TABLE skills (
  id TEXT PRIMARY KEY,
  account_id TEXT,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  visibility TEXT NOT NULL,
  version BIGINT NOT NULL,
  tags TEXT NOT NULL,
  installs BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX skills_name ON skills (COALESCE(account_id, ''), name);
CREATE INDEX skills_account ON skills (account_id, id);
CREATE INDEX skills_public ON skills (installs) WHERE visibility = 'public';
CREATE TABLE skill_versions (
  skill_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  content TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (skill_id, version)
);
CREATE TABLE skill_tags (
  tag TEXT NOT NULL,
  skill_id TEXT NOT NULL,
  PRIMARY KEY (tag, skill_id)
);
CREATE INDEX skill_tags_skill ON skill_tags (skill_id);
CREATE TABLE agent_skills (
  agent_id TEXT NOT NULL,
  skill_id TEXT NOT NULL,
  pinned_version BIGINT,
  installed_at BIGINT NOT NULL,
  PRIMARY KEY (agent_id, skill_id)
);
CREATE INDEX agent_skills_skill ON agent_skills (skill_id);
)sql"},
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
    // A table marked /*WITHOUT ROWID*/ is one on SQLite: stored in its primary key's b-tree,
    // so a write touches one b-tree fewer. PostgreSQL reads the mark as a comment.
    std::string script(sql);
    if (engine == "sqlite") {
      for (std::size_t at; (at = script.find("/*WITHOUT ROWID*/")) != std::string::npos;) {
        script.replace(at, 17, "WITHOUT ROWID");
      }
    }
    tx.exec_script("BEGIN");
    try {
      tx.exec_script(script);
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
