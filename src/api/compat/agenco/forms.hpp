#pragma once

#include <boost/json/object.hpp>

#include "api/route.hpp"
#include "domain/pricing.hpp"
#include "domain/usage.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"
#include "views/json_writer.hpp"

// How the Agenco surface writes its answers: snake_case objects, errors as {"error": {code,
// message}}.
namespace agentry::api::compat::agenco {

extern const ErrorShape errors;

// An agent as GET /agents shows it to `account_id`: with its model's token prices (`price`,
// nullptr for a remote agent or an unpriced model).
void write_agent(views::JsonWriter& w, const store::AgentRecord& agent,
                 const std::string& account_id, const pricing::ModelPrice* price);
// A task: one run of an agent.
void write_task(views::JsonWriter& w, const store::RunRecord& run);
// GET /usage: the account's usage over the days from `from_day_ms` to `to_day_ms`.
void write_usage(views::JsonWriter& w, std::int64_t from_day_ms, std::int64_t to_day_ms,
                 const usage::Report& report);

// The schemas the routes refer to.
boost::json::object component_schemas();

}  // namespace agentry::api::compat::agenco
