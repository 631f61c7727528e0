#pragma once

#include <boost/json/object.hpp>

#include "api/route.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"
#include "views/json_writer.hpp"

// How the AgentsCode surface writes its answers: camelCase bare objects, errors as
// {"error": message} with the statuses its document lists.
namespace agentry::api::compat::agentscode {

extern const ErrorShape errors;

// An agent: `credits` is its price per run, `status` ACTIVE (running) or INACTIVE (stopped).
void write_agent(views::JsonWriter& w, const store::AgentRecord& agent);
// A job: a run, as GET /agents/:agentId/:agentJobId shows it.
void write_job(views::JsonWriter& w, const store::RunRecord& run);
// One run of the credit history, of the agent named `agent`.
void write_history_run(views::JsonWriter& w, const store::RunRecord& run, std::string_view agent);

boost::json::object component_schemas();

}  // namespace agentry::api::compat::agentscode
