#include "api/v1/agent_access.hpp"

#include <charconv>

#include "api/await_db.hpp"
#include "domain/agents.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;

asio::awaitable<std::shared_ptr<const store::AgentRecord>> load_agent(Call& call,
                                                                      const std::string& id) {
  auto& cache = call.services.agents;
  const auto version = cache.version();
  auto found =
      co_await db_read(call.services.db, [&](store::Tx& tx) { return agents::load(tx, id); });
  if (!found) co_return nullptr;
  co_return cache.put(id, std::move(*found), version);
}

asio::awaitable<std::shared_ptr<const store::AgentRecord>> cached_agent(Call& call,
                                                                        const std::string& id) {
  if (!call.services.agents.enabled()) co_return nullptr;
  // Another node's change must not be missed because its notification is still on the way.
  co_await runtime::caught_up(call.services.db);
  co_return call.services.agents.find(id);
}

asio::awaitable<std::shared_ptr<const store::AgentRecord>> own_agent(Call& call,
                                                                     const std::string& id) {
  auto agent = co_await cached_agent(call, id);
  if (!agent) agent = co_await load_agent(call, id);
  if (agent && !agents::owned_by(*agent, call.account_id())) agent = nullptr;
  co_return agent;
}

asio::awaitable<std::shared_ptr<const store::AgentRecord>> visible_agent(Call& call,
                                                                         const std::string& id) {
  auto agent = co_await cached_agent(call, id);
  if (!agent) agent = co_await load_agent(call, id);
  if (agent && !agents::visible_to(*agent, call.account_id())) agent = nullptr;
  co_return agent;
}

asio::awaitable<std::shared_ptr<const store::AgentRecord>> public_agent(Call& call,
                                                                        const std::string& id) {
  auto agent = co_await cached_agent(call, id);
  if (!agent) agent = co_await load_agent(call, id);
  if (agent && !agents::is_public(*agent)) agent = nullptr;
  co_return agent;
}

Result<std::optional<std::int64_t>> if_match(const Call& call) {
  std::string_view tag = call.request.header("if-match");
  if (tag.empty() || tag == "*") return std::optional<std::int64_t>{};
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
    tag = tag.substr(1, tag.size() - 2);
  }
  std::int64_t revision = 0;
  const auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), revision);
  if (ec != std::errc{} || end != tag.data() + tag.size()) {
    // An ETag we never issued cannot match the current one.
    return make_error(Errc::conflict, "If-Match does not match the agent's current ETag");
  }
  return std::optional<std::int64_t>{revision};
}

}  // namespace agentry::api::v1
