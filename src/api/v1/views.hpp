#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "domain/plans.hpp"
#include "store/records.hpp"

// The JSON shapes of the native /v1 resources.
namespace agentry::api::v1 {

boost::json::object plan_json(const Plan& plan);
boost::json::object account_json(const store::AccountRecord& account, const Plan* plan);
// `secret` is included only in the response that creates the key.
boost::json::object api_key_json(const store::ApiKeyRecord& key,
                                 const std::optional<std::string>& secret = std::nullopt);
boost::json::object agent_json(const store::AgentRecord& agent);
// The marketplace view: no prompts, rules, endpoint or owner-only fields.
boost::json::object public_agent_json(const store::AgentRecord& agent);
// The ETag of an agent revision, quoted as HTTP wants it.
std::string agent_etag(const store::AgentRecord& agent);

}  // namespace agentry::api::v1
