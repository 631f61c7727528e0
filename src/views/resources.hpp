#pragma once

#include <optional>
#include <string>

#include "domain/accounts.hpp"
#include "domain/events.hpp"
#include "domain/ledger.hpp"
#include "domain/plans.hpp"
#include "domain/pricing.hpp"
#include "store/activity_records.hpp"
#include "store/chat_records.hpp"
#include "store/event_records.hpp"
#include "store/log_records.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"
#include "store/schedule_records.hpp"
#include "store/webhook_records.hpp"
#include "views/json_writer.hpp"

// The native JSON shape of each object, as /v1 shows it, written in this one place: the API's
// answers, its streams' events and (to come) webhook bodies all use these writers, and the
// OpenAPI document's schemas (api/v1/schemas.cpp) describe them; the black-box suite checks
// every answer against those schemas.
namespace agentry::views {

// accounts.cpp
void write_plan(JsonWriter& w, const plans::Plan& plan);
// `own`, given to the account itself, adds its usage and settings.
void write_account(JsonWriter& w, const store::AccountRecord& account, const plans::Plan* plan,
                   const accounts::Overview* own = nullptr);
// `secret` is included only in the response that creates the key.
void write_api_key(JsonWriter& w, const store::ApiKeyRecord& key,
                   const std::optional<std::string>& secret = std::nullopt);
// A secret's name and times; never its value.
void write_secret(JsonWriter& w, const store::SecretRecord& secret);

// A model's token prices; the default model is marked.
void write_model_price(JsonWriter& w, const pricing::ModelPrice& price);

// agents.cpp
void write_agent(JsonWriter& w, const store::AgentRecord& agent);
// The marketplace view: no prompts, rules, endpoint or owner-only fields.
void write_public_agent(JsonWriter& w, const store::AgentRecord& agent);
void write_agent_status(JsonWriter& w, const store::AgentRecord& agent);
// The ETag of an agent revision, quoted as HTTP wants it.
std::string agent_etag(const store::AgentRecord& agent);
// One entry of an agent's log.
void write_log(JsonWriter& w, const store::LogRecord& entry);

// money.cpp
// The result and the review are shown only to the poster and the assignee (`viewer`).
void write_task(JsonWriter& w, const store::TaskRecord& task, const std::string& viewer);
// A wallet's view of one transfer.
void write_history_entry(JsonWriter& w, const store::HistoryEntry& entry,
                         const std::string& account_id);
void write_balance(JsonWriter& w, const store::LedgerAccountRecord& wallet);
// The operator's ledger check: ok, the violations found, and the SQLite file's integrity.
void write_ledger_audit(JsonWriter& w, const ledger::Audit& audit);
// runs.cpp
// A run as its owner sees it (the Run schema).
void write_run(JsonWriter& w, const store::RunRecord& run);
// A run's result (its JSON, or null until it completed) and its error ({code, message}, or null
// unless it failed), as every surface that shows runs writes them.
void write_run_result(JsonWriter& w, const store::RunRecord& run);
void write_run_error(JsonWriter& w, const store::RunRecord& run);

// chat.cpp
// A chat session (the Session schema) and one of its messages (the ChatMessage schema).
void write_session(JsonWriter& w, const store::SessionRecord& session);
void write_message(JsonWriter& w, const store::MessageRecord& message);
// {"inputTokens", "outputTokens", "cost"} of a reply.
void write_usage(JsonWriter& w, const store::MessageRecord& reply);

// events.cpp
// An event's object as /v1 shows it to `viewer`: the writer the domain's events use
// (events::install_writer).
std::string event_object(const events::Object& object, const std::string& viewer);
// An event (the Event schema): {id, type, createdAt, data: {object}}; also a webhook's body.
void write_event(JsonWriter& w, const store::EventRecord& event);

// webhooks.cpp
// An endpoint (the Webhook schema); `secret` only in the answers that make one.
void write_webhook(JsonWriter& w, const store::WebhookRecord& webhook,
                   const std::optional<std::string>& secret = std::nullopt);
// A delivery with its attempts (the WebhookDelivery schema).
void write_delivery(JsonWriter& w, const store::DeliveryRecord& delivery);
// The body a delivery POSTs: its event, as GET /v1/events shows it.
std::string delivery_body(const store::DeliveryRecord& delivery);
// The body of a delivery to an endpoint in AgentMarket's form: {"event", "task": {id, title,
// description, budget, required_capabilities, created_at}, "marketplace_url"} for task.posted;
// any other event (a test) carries its object as "data".
std::string agentmarket_delivery_body(const store::DeliveryRecord& delivery,
                                      std::string_view marketplace_url);

// activity.cpp
// An entry of the activity log (the Activity schema).
void write_activity(JsonWriter& w, const store::ActivityRecord& entry);

// schedules.cpp
// A firing of a schedule (the ScheduleFiring schema).
void write_firing(JsonWriter& w, const store::FiringRecord& firing);
// A schedule (the Schedule schema) with its next fire times and `firings`, its latest.
void write_schedule(JsonWriter& w, const store::ScheduleRecord& schedule,
                    const std::vector<store::FiringRecord>& firings);

}  // namespace agentry::views
