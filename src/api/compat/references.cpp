#include "api/compat/references.hpp"

#include "api/await_db.hpp"
#include "api/v1/agent_access.hpp"
#include "core/ids.hpp"
#include "domain/agents.hpp"

namespace agentry::api::compat {

boost::asio::awaitable<Result<store::AgentRecord>> agent_by_reference(
    Call& call, const std::string& reference) {
  if (is_valid_id(reference, "agt")) {
    if (auto agent = co_await v1::visible_agent(call, reference)) co_return *agent;
  }
  co_return co_await db_read(call.services.db, [&](store::Tx& tx) {
    return agents::find_by_reference(tx, call.account_id(), reference);
  });
}

}  // namespace agentry::api::compat
