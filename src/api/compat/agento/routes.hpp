#pragma once

#include <memory>

#include "api/compat/natives.hpp"
#include "api/compat/surface.hpp"

// Agento's public API (seed 004) under /compat/agento: the native paths it documents (agents and
// their lifecycle, the account and its secrets, SOUL.md / WORKFLOW.md / rules, chat and
// sessions, knowledge, logs, skills, swarms) with X-Api-Key, {data} and {data, pagination}
// answers, agents with their region and image, creation with secrets and an LLM credential
// check, errors as {"error": {code, message}} with its codes, and its own /openapi.json, /docs
// and /llms-full.txt.
namespace agentry::api::compat::agento {

Surface surface(const Natives& natives, const std::shared_ptr<const Documents>& documents);

}  // namespace agentry::api::compat::agento
