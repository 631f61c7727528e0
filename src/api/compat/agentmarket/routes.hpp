#pragma once

#include <memory>

#include "api/compat/surface.hpp"

// AgentMarket's API (seed 003) under /compat/agentmarket: agents that register themselves and get
// a key bound to them, capability search, the task marketplace (the budget held at posting,
// 90/10 on completion), the wallet, direct execution and the task.posted webhook, with X-API-Key,
// {"success", "data", "balance"} answers and {"success": false, "error"} errors.
namespace agentry::api::compat::agentmarket {

Surface surface(const std::shared_ptr<const Documents>& documents);

}  // namespace agentry::api::compat::agentmarket
