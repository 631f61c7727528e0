#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.hpp"
#include "domain/runs.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// Delegation (the ask_agent tool): a hosted agent's run hands part of its work to another member
// of its swarm as a child run — a real run with its own events, log and cost, linked to its
// parent and paid within what the parent holds.
namespace agentry::delegation {

// A delegated run is at most this deep: a run a caller started is at depth 0, its child at 1 ...
inline constexpr std::int64_t max_depth = 3;

// Whether `run` of `agent` may ask another member: the agent is hosted and in a swarm, its owner
// started and pays for the run (a hirer of a public agent cannot spend on its owner's private
// members), and the run is above max_depth.
bool may_delegate(const store::RunRecord& run, const store::AgentRecord& agent);

// Queues a child of `parent` (executing) on the member of its agent's swarm named `member` (its
// name or id), with input {"message": message}. The child may hold at most half of what the
// parent has left — its maxCredits less its agent's price, what it has delegated before and
// `spent_micro` (what its model calls have cost so far) — and that is added to the parent's
// delegated_micro at once, so that parent and children together never pass the parent's
// maxCredits. The child's hold comes from the wallet like any run's. Errors, each with a message
// the model can act on: not_found (no such member: the message names them), conflict (the member
// is the asking agent or one of its ancestors in the chain — a cycle —, max_depth is reached,
// the member is stopped, or the run may not delegate), insufficient_credits (nothing left to
// hand over, or the wallet cannot hold it), as runs::create.
// The child's timeout is `timeout_ms` (what is left of the parent's).
Result<store::RunRecord> delegate(store::Tx& tx, const store::RunRecord& parent,
                                  std::string_view member, std::string_view message,
                                  const runs::Terms& terms, std::int64_t spent_micro,
                                  std::int64_t timeout_ms, std::int64_t now_ms);

}  // namespace agentry::delegation
