#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>

#include "api/route.hpp"
#include "core/result.hpp"
#include "store/records.hpp"

// Finding agents for a request, through the node's agent cache, and reading If-Match.
namespace agentry::api::v1 {

// Any account's agent with `id` from the agent cache, when it holds every change committed so
// far, through whichever node; else nullptr.
boost::asio::awaitable<std::shared_ptr<const store::AgentRecord>> cached_agent(
    Call& call, const std::string& id);

// Any account's agent with `id` from the store, kept in the agent cache; callers look in the
// cache first.
boost::asio::awaitable<std::shared_ptr<const store::AgentRecord>> load_agent(Call& call,
                                                                             const std::string& id);

// The caller's own agent with `id`, or nullptr: another account's agent is as absent as a
// missing one.
boost::asio::awaitable<std::shared_ptr<const store::AgentRecord>> own_agent(Call& call,
                                                                            const std::string& id);

// A public agent with `id` (the marketplace's), or nullptr.
boost::asio::awaitable<std::shared_ptr<const store::AgentRecord>> public_agent(
    Call& call, const std::string& id);

// An agent with `id` the caller may run (its own or a public one), or nullptr.
boost::asio::awaitable<std::shared_ptr<const store::AgentRecord>> visible_agent(
    Call& call, const std::string& id);

// The filter of an agent list's query: capability (a tag), status (running or stopped) and q
// (text). Errors: validation_error naming the parameter.
Result<store::AgentFilter> agent_filter_of(const Call& call);

// The revision named by If-Match ("*" or absent: any); conflict for a tag never issued.
Result<std::optional<std::int64_t>> if_match(const Call& call);

}  // namespace agentry::api::v1
