#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "store/chat_records.hpp"
#include "store/database.hpp"
#include "store/event_records.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"
#include "store/schedule_records.hpp"
#include "store/webhook_records.hpp"

// Events: what changed in an account, each written in the transaction of the change it describes
// (a transactional outbox, DESIGN.md "State machines"), listed by GET /v1/events and delivered
// by webhooks. An event is {id, type, createdAt, data: {object}}, the object as /v1 shows it.
namespace agentry::events {

// Every type an event may have: the catalog the README documents and subscriptions name.
inline constexpr std::array<std::string_view, 23> catalog = {
    "agent.created",       "agent.updated",   "agent.deleted",   "agent.started",
    "agent.stopped",       "run.queued",      "run.started",     "run.completed",
    "run.failed",          "run.cancelled",   "task.posted",     "task.accepted",
    "task.completed",      "task.cancelled",  "task.expired",    "task.reviewed",
    "chat.turn.completed", "credits.granted", "credits.low",     "api_key.created",
    "api_key.revoked",     "schedule.fired",  "webhook.disabled"};

// A credits.low event's object: the wallet whose available balance fell below its threshold.
struct LowBalance {
  const store::LedgerAccountRecord* wallet = nullptr;
};

// A schedule.fired event's object: the schedule with the firing it just made.
struct ScheduleFired {
  const store::ScheduleRecord* schedule = nullptr;
  const store::FiringRecord* firing = nullptr;
};

// The object an event carries, by kind.
using Object = std::variant<const store::AgentRecord*, const store::RunRecord*,
                            const store::TaskRecord*, const store::MessageRecord*,
                            const store::ApiKeyRecord*, const store::HistoryEntry*, LowBalance,
                            const store::WebhookRecord*, ScheduleFired>;

// Writes `object` as /v1 shows it to the account `viewer`: JSON text of an object. The domain
// has no JSON; the binary installs the views' writer at start (tests in their fixtures), and
// until then an object is written as {}.
using ObjectWriter = std::string (*)(const Object& object, const std::string& viewer);
void install_writer(ObjectWriter writer);

// Records an event of `type` (from the catalog) about `object` for `account_id` in `tx`, the
// transaction of the change, with its webhook deliveries (webhooks::fan_out). `agent_id` is the
// agent it is about when the object does not name one itself (a chat message).
store::EventRecord emit(store::Tx& tx, const std::string& account_id, std::string_view type,
                        const Object& object, std::int64_t now_ms,
                        const std::optional<std::string>& agent_id = std::nullopt);

// A subscription's pattern: a type from the catalog, "prefix.*" naming at least one (run.*,
// chat.*) or "*".
bool valid_pattern(std::string_view pattern);
bool matches(std::string_view pattern, std::string_view type);
bool matches_any(const std::vector<std::string>& patterns, std::string_view type);

// Reads, for the account `account_id` only.

// The account's event `id`. Errors: not_found.
Result<store::EventRecord> get(store::Tx& tx, const std::string& account_id, const std::string& id);
// The account's events matching `filter` (its patterns valid), newest first, at most `limit`.
std::vector<store::EventRecord> list(store::Tx& tx, const std::string& account_id,
                                     const store::EventFilter& filter, std::int64_t limit);

// Removes at most `limit` events created before `before_ms`; how many.
std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit);

}  // namespace agentry::events
