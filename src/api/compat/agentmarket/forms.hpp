#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/route.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"
#include "store/webhook_records.hpp"
#include "views/json_writer.hpp"

// How the AgentMarket surface writes its answers: {"success": true, "data": ..., "balance": n}
// with the caller's available credits on every authenticated answer, snake_case fields, and
// errors as {"success": false, "error": message}.
namespace agentry::api::compat::agentmarket {

extern const ErrorShape errors;

// {"success": true, "data": <what `data` writes>, "balance": ...}; no balance for a caller
// without a key.
template <class Data>
std::string answer(Data data, std::optional<std::int64_t> balance_micro);
std::string answer_text(std::string_view data_json, std::optional<std::int64_t> balance_micro);

// An agent's public profile.
void write_profile(views::JsonWriter& w, const store::AgentRecord& agent);
// The acting agent's own profile: the public one with what only its owner sees.
void write_own_profile(views::JsonWriter& w, const store::AgentRecord& agent,
                       const std::optional<std::string>& owner_email,
                       const std::optional<store::WebhookRecord>& feed);
// A task as `viewer` ("" for anyone) sees it: the result only to its poster and assignee.
void write_task(views::JsonWriter& w, const store::TaskRecord& task, const std::string& viewer);
// POST /execute's answer: the run that carried out the hire.
void write_execution(views::JsonWriter& w, const store::RunRecord& run);
// A webhook URL as GET shows it: "..." and its last 10 characters.
std::string masked_url(std::string_view url);

// The schemas the routes refer to.
boost::json::object component_schemas();

template <class Data>
std::string answer(Data data, std::optional<std::int64_t> balance_micro) {
  views::JsonWriter w;
  data(w);
  return answer_text(w.take(), balance_micro);
}

}  // namespace agentry::api::compat::agentmarket
