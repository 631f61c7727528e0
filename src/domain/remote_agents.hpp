#pragma once

#include <string>

#include "core/result.hpp"
#include "domain/secrets.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// Remote agents: their own service at endpointUrl, called by agentry with requests signed with
// the agent's signing secret (Standard Webhooks), which only the agent's owner may read.
namespace agentry::remote_agents {

// The agent's signing secret, made on first use; with `rotate`, a new one replaces it.
std::string signing_secret(store::Tx& tx, const secrets::Vault& vault,
                           const store::AgentRecord& agent, bool rotate, std::int64_t now_ms);

// The rule for a URL agentry calls for a user (a remote agent's endpoint, a webhook): an
// absolute https URL (url::parse_http), or http on a loopback host when `allow_loopback_http`
// (the development switch). validation_error naming `field` otherwise.
Result<void> check_endpoint_url(std::string_view url, bool allow_loopback_http,
                                std::string_view field);

// True for an http:// URL whose host is a loopback name or address (localhost, 127.x.x.x,
// [::1]): allowed as a remote agent's endpoint only where the server permits it for development.
bool is_loopback_http_url(std::string_view url);

}  // namespace agentry::remote_agents
