#pragma once

#include <memory>

#include "api/compat/surface.hpp"

// AgentsCode's API (seed 001) under /compat/agentscode: /v1/agents, runs as jobs and credits,
// with Bearer keys, bare objects and arrays, 200 for every success and {"error": message}.
namespace agentry::api::compat::agentscode {

Surface surface(const std::shared_ptr<const Documents>& documents);

}  // namespace agentry::api::compat::agentscode
