#pragma once

#include <optional>
#include <string>

#include "api/json_writer.hpp"
#include "domain/accounts.hpp"
#include "domain/plans.hpp"
#include "store/records.hpp"

// The JSON shapes of the native /v1 resources, written straight into a response.
namespace agentry::api::v1 {

void write_plan(JsonWriter& w, const Plan& plan);
void write_account(JsonWriter& w, const store::AccountRecord& account, const Plan* plan,
                   const accounts::Usage* usage = nullptr);
// `secret` is included only in the response that creates the key.
void write_api_key(JsonWriter& w, const store::ApiKeyRecord& key,
                   const std::optional<std::string>& secret = std::nullopt);
void write_agent(JsonWriter& w, const store::AgentRecord& agent);
// The marketplace view: no prompts, rules, endpoint or owner-only fields.
void write_public_agent(JsonWriter& w, const store::AgentRecord& agent);
void write_agent_status(JsonWriter& w, const store::AgentRecord& agent);
// The result and the review are shown only to the poster and the assignee (`viewer`).
void write_task(JsonWriter& w, const store::TaskRecord& task, const std::string& viewer);
// A wallet's view of one transfer.
void write_history_entry(JsonWriter& w, const store::HistoryEntry& entry,
                         const std::string& account_id);
void write_balance(JsonWriter& w, const store::LedgerAccountRecord& wallet);
// The ETag of an agent revision, quoted as HTTP wants it.
std::string agent_etag(const store::AgentRecord& agent);

}  // namespace agentry::api::v1
