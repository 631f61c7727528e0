#include "store/webhook_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view webhook_columns =
    "id, account_id, url, event_types, agent_id, description, status, disabled_reason, "
    "secret_sealed, previous_secret_sealed, previous_until, failing_since, created_at, updated_at, "
    "format";

WebhookRecord webhook_from(Row& r) {
  WebhookRecord w;
  w.id = r.take_text(0);
  w.account_id = r.take_text(1);
  w.url = r.take_text(2);
  w.event_types = decode_string_list(r.text(3));
  w.agent_id = r.take_optional_text(4);
  w.description = r.take_text(5);
  w.status = r.take_text(6);
  w.disabled_reason = r.take_optional_text(7);
  w.secret_sealed = r.take_text(8);
  w.previous_secret_sealed = r.take_optional_text(9);
  w.previous_until_ms = r.optional_integer(10);
  w.failing_since_ms = r.optional_integer(11);
  w.created_at_ms = r.integer(12);
  w.updated_at_ms = r.integer(13);
  w.format = r.take_text(14);
  return w;
}

std::vector<WebhookRecord> webhooks_from(Rows rows) {
  std::vector<WebhookRecord> out;
  for (Row& r : rows) out.push_back(webhook_from(r));
  return out;
}

std::string select_webhooks(std::string_view alias = {}) {
  std::string columns(webhook_columns);
  if (!alias.empty()) {
    std::string prefixed;
    std::size_t start = 0;
    while (start < columns.size()) {
      std::size_t comma = columns.find(", ", start);
      if (comma == std::string::npos) comma = columns.size();
      if (!prefixed.empty()) prefixed += ", ";
      prefixed += std::string(alias) + "." + columns.substr(start, comma - start);
      start = comma + 2;
    }
    columns = prefixed;
  }
  return "SELECT " + columns + " FROM webhooks" + (alias.empty() ? "" : " " + std::string(alias));
}

constexpr std::string_view delivery_columns =
    "id, account_id, webhook_id, agent_id, event_id, event_type, event_created_at, data, status, "
    "attempts, next_attempt_at, last_error, created_at, updated_at";

DeliveryRecord delivery_from(Row& r) {
  DeliveryRecord d;
  d.id = r.take_text(0);
  d.account_id = r.take_text(1);
  d.webhook_id = r.take_optional_text(2);
  d.agent_id = r.take_optional_text(3);
  d.event_id = r.take_text(4);
  d.event_type = r.take_text(5);
  d.event_created_at_ms = r.integer(6);
  d.data = r.take_text(7);
  d.status = r.take_text(8);
  d.attempts = r.integer(9);
  d.next_attempt_at_ms = r.optional_integer(10);
  d.last_error = r.take_optional_text(11);
  d.created_at_ms = r.integer(12);
  d.updated_at_ms = r.integer(13);
  return d;
}

}  // namespace

void insert_webhook(Tx& tx, const WebhookRecord& w) {
  tx.exec(
      "INSERT INTO webhooks (id, account_id, url, event_types, agent_id, description, status, "
      "disabled_reason, secret_sealed, previous_secret_sealed, previous_until, failing_since, "
      "created_at, updated_at, format) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
      "$13, $14, $15)",
      {w.id, w.account_id, w.url, encode_string_list(w.event_types), optional_text(w.agent_id),
       w.description, w.status, optional_text(w.disabled_reason), w.secret_sealed,
       optional_text(w.previous_secret_sealed), optional_int(w.previous_until_ms),
       optional_int(w.failing_since_ms), w.created_at_ms, w.updated_at_ms, w.format});
}

std::optional<WebhookRecord> find_webhook(Tx& tx, std::string_view account_id,
                                          std::string_view id) {
  Rows rows = tx.query(select_webhooks() + " WHERE id = $1 AND account_id = $2",
                       {std::string(id), std::string(account_id)});
  if (rows.empty()) return std::nullopt;
  return webhook_from(rows.front());
}

std::optional<WebhookRecord> find_webhook_by_id(Tx& tx, std::string_view id) {
  Rows rows = tx.query(select_webhooks() + " WHERE id = $1", {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return webhook_from(rows.front());
}

PageOf<WebhookRecord> list_webhooks(Tx& tx, std::string_view account_id, Page page) {
  return page_of<WebhookRecord>(tx, "webhooks", select_webhooks(),
                                Where("account_id = $1", {std::string(account_id)}), page,
                                webhook_from);
}

std::int64_t count_webhooks(Tx& tx, std::string_view account_id) {
  return tx.query("SELECT COUNT(*) FROM webhooks WHERE account_id = $1", {std::string(account_id)})
      .at(0)
      .integer(0);
}

void update_webhook(Tx& tx, const WebhookRecord& w) {
  tx.exec(
      "UPDATE webhooks SET url = $2, event_types = $3, agent_id = $4, description = $5, "
      "status = $6, disabled_reason = $7, secret_sealed = $8, previous_secret_sealed = $9, "
      "previous_until = $10, failing_since = $11, updated_at = $12 WHERE id = $1",
      {w.id, w.url, encode_string_list(w.event_types), optional_text(w.agent_id), w.description,
       w.status, optional_text(w.disabled_reason), w.secret_sealed,
       optional_text(w.previous_secret_sealed), optional_int(w.previous_until_ms),
       optional_int(w.failing_since_ms), w.updated_at_ms});
}

bool delete_webhook(Tx& tx, std::string_view account_id, std::string_view id) {
  if (tx.exec("DELETE FROM webhooks WHERE id = $1 AND account_id = $2",
              {std::string(id), std::string(account_id)}) != 1) {
    return false;
  }
  tx.exec(
      "DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries "
      "WHERE webhook_id = $1)",
      {std::string(id)});
  tx.exec("DELETE FROM webhook_deliveries WHERE webhook_id = $1", {std::string(id)});
  return true;
}

std::vector<WebhookRecord> enabled_webhooks(Tx& tx, std::string_view account_id) {
  return webhooks_from(
      tx.query(select_webhooks() + " WHERE account_id = $1 AND status = 'enabled' ORDER BY id",
               {std::string(account_id)}));
}

std::vector<WebhookRecord> webhooks_of_capable_agents(Tx& tx,
                                                      const std::vector<std::string>& capabilities,
                                                      std::string_view except_account) {
  if (capabilities.empty()) return {};
  Where where("w.status = 'enabled' AND w.account_id <> $1", {std::string(except_account)});
  std::string any;
  for (const auto& c : capabilities) any += (any.empty() ? "" : ", ") + where.param(c);
  where.add(
      "EXISTS (SELECT 1 FROM agent_capabilities c WHERE c.agent_id = w.agent_id AND "
      "c.capability IN (" +
      any + "))");
  return webhooks_from(
      tx.query(select_webhooks("w") + " WHERE " + where.text() + " ORDER BY w.id", where.params()));
}

std::optional<WebhookRecord> find_agent_webhook(Tx& tx, std::string_view account_id,
                                                std::string_view agent_id,
                                                std::string_view format) {
  Rows rows = tx.query(select_webhooks() +
                           " WHERE agent_id = $1 AND format = $2 AND account_id = $3 "
                           "ORDER BY id LIMIT 1",
                       {std::string(agent_id), std::string(format), std::string(account_id)});
  if (rows.empty()) return std::nullopt;
  return webhook_from(rows.front());
}

std::vector<WebhookRecord> webhooks_of_agent(Tx& tx, std::string_view agent_id) {
  return webhooks_from(
      tx.query(select_webhooks() + " WHERE agent_id = $1 AND status = 'enabled' ORDER BY id",
               {std::string(agent_id)}));
}

void insert_delivery(Tx& tx, const DeliveryRecord& d) {
  tx.exec(
      "INSERT INTO webhook_deliveries (id, account_id, webhook_id, agent_id, event_id, "
      "event_type, event_created_at, data, status, attempts, next_attempt_at, last_error, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14)",
      {d.id, d.account_id, optional_text(d.webhook_id), optional_text(d.agent_id), d.event_id,
       d.event_type, d.event_created_at_ms, d.data, d.status, d.attempts,
       optional_int(d.next_attempt_at_ms), optional_text(d.last_error), d.created_at_ms,
       d.updated_at_ms});
}

std::optional<DeliveryRecord> find_delivery(Tx& tx, std::string_view id) {
  Rows rows =
      tx.query("SELECT " + std::string(delivery_columns) + " FROM webhook_deliveries WHERE id = $1",
               {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return delivery_from(rows.front());
}

std::vector<DeliveryRecord> list_deliveries(Tx& tx, std::string_view webhook_id,
                                            const std::optional<std::string>& before_id,
                                            std::int64_t limit) {
  Where where("webhook_id = $1", {std::string(webhook_id)});
  if (before_id) where.compare("id", "<", *before_id);
  std::vector<DeliveryRecord> out;
  for (Row& r :
       where.rows(tx, "SELECT " + std::string(delivery_columns) + " FROM webhook_deliveries",
                  "id DESC", limit)) {
    out.push_back(delivery_from(r));
  }
  for (DeliveryRecord& d : out) {
    for (Row& r : tx.query("SELECT attempt, status_code, latency_ms, error, created_at FROM "
                           "delivery_attempts WHERE delivery_id = $1 ORDER BY attempt",
                           {d.id})) {
      d.attempt_log.push_back({r.integer(0), r.optional_integer(1), r.integer(2),
                               r.take_optional_text(3), r.integer(4)});
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> due_deliveries(Tx& tx, std::int64_t now_ms,
                                                                std::int64_t limit) {
  std::string sql =
      "SELECT id, COALESCE(webhook_id, agent_id) FROM webhook_deliveries WHERE status = "
      "'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) "
      "ORDER BY next_attempt_at, id LIMIT $2";
  if (tx.engine() == "postgres") sql += " FOR UPDATE SKIP LOCKED";
  std::vector<std::pair<std::string, std::string>> out;
  for (Row& r : tx.query(sql, {now_ms, limit})) out.emplace_back(r.take_text(0), r.take_text(1));
  return out;
}

std::optional<DeliveryRecord> claim_delivery(Tx& tx, std::string_view id, std::int64_t now_ms,
                                             std::int64_t lease_until_ms) {
  Rows rows = tx.query(
      "UPDATE webhook_deliveries SET lease_until = $3, updated_at = $2 WHERE id = $1 AND "
      "status = 'pending' AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= "
      "$2) RETURNING " +
          std::string(delivery_columns),
      {std::string(id), now_ms, lease_until_ms});
  if (rows.empty()) return std::nullopt;
  return delivery_from(rows.front());
}

void record_attempt(Tx& tx, const DeliveryRecord& d, const AttemptRecord& a) {
  // A delivery whose endpoint was deleted while it was being sent is gone: no attempt is kept.
  if (tx.exec("UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, "
              "lease_until = NULL, last_error = $5, updated_at = $6 WHERE id = $1",
              {d.id, d.status, d.attempts, optional_int(d.next_attempt_at_ms),
               optional_text(d.last_error), d.updated_at_ms}) != 1) {
    return;
  }
  tx.exec(
      "INSERT INTO delivery_attempts (delivery_id, attempt, status_code, latency_ms, error, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {d.id, a.number, optional_int(a.status_code), a.latency_ms, optional_text(a.error),
       a.created_at_ms});
}

std::int64_t release_delivery_leases(Tx& tx) {
  return tx.exec(
      "UPDATE webhook_deliveries SET lease_until = NULL WHERE status = 'pending' AND lease_until "
      "IS NOT NULL");
}

std::int64_t fail_pending_deliveries(Tx& tx, std::string_view webhook_id, std::string_view error,
                                     std::int64_t now_ms) {
  return tx.exec(
      "UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2, "
      "updated_at = $3 WHERE webhook_id = $1 AND status = 'pending'",
      {std::string(webhook_id), std::string(error), now_ms});
}

std::int64_t prune_deliveries(Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  std::vector<std::string> ids;
  for (Row& r : tx.query("SELECT id FROM webhook_deliveries WHERE created_at < $1 AND status <> "
                         "'pending' LIMIT $2",
                         {before_ms, limit})) {
    ids.push_back(r.take_text(0));
  }
  if (ids.empty()) return 0;
  Where attempts;
  attempts.in("delivery_id", ids);
  tx.exec("DELETE FROM delivery_attempts WHERE " + attempts.text(), attempts.params());
  Where deliveries;
  deliveries.in("id", ids);
  return tx.exec("DELETE FROM webhook_deliveries WHERE " + deliveries.text(), deliveries.params());
}

}  // namespace agentry::store
