#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "api/route.hpp"
#include "core/result.hpp"
#include "store/records.hpp"

namespace agentry::api::compat {

// The agent a seed system's request names by reference (agents::find_by_reference: an id, the
// caller's own agent of that name, or the one public agent of that name): an id through the
// node's agent cache, anything else from the store.
boost::asio::awaitable<Result<store::AgentRecord>> agent_by_reference(Call& call,
                                                                      const std::string& reference);

}  // namespace agentry::api::compat
