#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "api/compat/natives.hpp"
#include "api/route.hpp"

// How the AgenFleet surface writes its answers: errors as {"error": {code, message,
// statusCode}} with its codes (a missing resource named: AGENT_NOT_FOUND, ...), agents online or
// offline, sessions with a name.
namespace agentry::api::compat::agenfleet {

extern const ErrorShape errors;          // NOT_FOUND for what names no resource
extern const ErrorShape agent_errors;    // AGENT_NOT_FOUND
extern const ErrorShape session_errors;  // SESSION_NOT_FOUND
extern const ErrorShape webhook_errors;  // WEBHOOK_NOT_FOUND
extern const ErrorShape cron_errors;     // CRON_JOB_NOT_FOUND

// {"data": agent} → the agent, its status online or offline.
std::string agent(std::string_view body);
// A {data, pagination} list of agents, each online or offline.
std::string agent_list(std::string_view body);
// {"data": session} → the session, its title as `name`.
std::string session(std::string_view body);
// A {data, pagination} list of sessions, each with its `name`.
std::string session_list(std::string_view body);
// {"data": X} → X.
std::string unwrapped(std::string_view body);

// The schemas the routes refer to beyond the native ones: FleetAgent, FleetSession, the error.
boost::json::object component_schemas(const Natives& natives);

}  // namespace agentry::api::compat::agenfleet
