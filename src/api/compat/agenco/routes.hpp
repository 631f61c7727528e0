#pragma once

#include <memory>

#include "api/compat/surface.hpp"

// Agenco's API (seed 000) under /compat/agenco: /api/v1/ext/agents, /tasks (runs of an agent)
// and /usage, with Bearer keys and the seed's scopes, snake_case fields, {"error": {code,
// message}} errors and X-RateLimit-Reset as an ISO 8601 time.
namespace agentry::api::compat::agenco {

Surface surface(const std::shared_ptr<const Documents>& documents);

}  // namespace agentry::api::compat::agenco
