#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"
#include "store/webhook_records.hpp"

// The SQL of webhook endpoints and deliveries.
namespace agentry::store {

void insert_webhook(Tx& tx, const WebhookRecord& w);
std::optional<WebhookRecord> find_webhook(Tx& tx, std::string_view account_id, std::string_view id);
// Any account's endpoint: for the delivery worker.
std::optional<WebhookRecord> find_webhook_by_id(Tx& tx, std::string_view id);
PageOf<WebhookRecord> list_webhooks(Tx& tx, std::string_view account_id, Page page);
std::int64_t count_webhooks(Tx& tx, std::string_view account_id);
// Writes every mutable column.
void update_webhook(Tx& tx, const WebhookRecord& w);
bool delete_webhook(Tx& tx, std::string_view account_id, std::string_view id);

// The account's enabled endpoints (for its own events).
std::vector<WebhookRecord> enabled_webhooks(Tx& tx, std::string_view account_id);
// Enabled endpoints of other accounts than `except_account`, scoped to an agent that has one of
// `capabilities` (the marketplace feed of task.posted).
std::vector<WebhookRecord> webhooks_of_capable_agents(Tx& tx,
                                                      const std::vector<std::string>& capabilities,
                                                      std::string_view except_account);
// The endpoint in `format` scoped to the agent `agent_id` of `account_id`, enabled or not.
std::optional<WebhookRecord> find_agent_webhook(Tx& tx, std::string_view account_id,
                                                std::string_view agent_id, std::string_view format);
// Enabled endpoints scoped to the agent `agent_id`.
std::vector<WebhookRecord> webhooks_of_agent(Tx& tx, std::string_view agent_id);

void insert_delivery(Tx& tx, const DeliveryRecord& d);
std::optional<DeliveryRecord> find_delivery(Tx& tx, std::string_view id);
// The endpoint's deliveries newest first, older than `before_id` when given, at most `limit`,
// each with its attempts.
std::vector<DeliveryRecord> list_deliveries(Tx& tx, std::string_view webhook_id,
                                            const std::optional<std::string>& before_id,
                                            std::int64_t limit);
// Pending deliveries due at `now_ms`, oldest due first: (id, target) where the target is the
// webhook or agent id. Rows locked by another node's claim are skipped on PostgreSQL.
std::vector<std::pair<std::string, std::string>> due_deliveries(Tx& tx, std::int64_t now_ms,
                                                                std::int64_t limit);
// Takes a due delivery until `lease_until_ms` (a node that dies leaves it due again then); the
// delivery, or nothing when another took it first.
std::optional<DeliveryRecord> claim_delivery(Tx& tx, std::string_view id, std::int64_t now_ms,
                                             std::int64_t lease_until_ms);
// Records the outcome of a claimed try: `status` (pending with its next time, succeeded or
// failed) and the attempt; nothing when the delivery is gone (its endpoint was deleted).
void record_attempt(Tx& tx, const DeliveryRecord& d, const AttemptRecord& attempt);
// Ends every claim on a pending delivery: for a single node's start (SQLite), when no other node
// can be sending one. How many.
std::int64_t release_delivery_leases(Tx& tx);
// Every pending delivery to the endpoint ends failed with `error`; how many.
std::int64_t fail_pending_deliveries(Tx& tx, std::string_view webhook_id, std::string_view error,
                                     std::int64_t now_ms);
// Removes at most `limit` finished deliveries (and their attempts) created before `before_ms`.
std::int64_t prune_deliveries(Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::store
