#pragma once

#include <memory>

#include "api/compat/natives.hpp"
#include "api/compat/surface.hpp"

// AgenFleet's API (seed 002) under /compat/agenfleet: /v1/agents, sessions and their messages,
// metrics, webhooks, the activity log and cron jobs, with Bearer keys (read / read-write), bare
// single resources, {data, pagination} lists paged by limit and offset, and errors as
// {"error": {code, message, statusCode}} with its upper-case codes.
namespace agentry::api::compat::agenfleet {

Surface surface(const Natives& natives, const std::shared_ptr<const Documents>& documents);

}  // namespace agentry::api::compat::agenfleet
