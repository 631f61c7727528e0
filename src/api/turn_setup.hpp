#pragma once

#include "api/route.hpp"
#include "domain/runs.hpp"
#include "runtime/chat_turn.hpp"

// What every surface that runs agents or chats with them takes from the node and the caller.
namespace agentry::api {

// The terms of a run or chat turn for the caller: the server's prices and output cap, the
// plan's volume discount and tokens per minute.
runs::Terms run_terms(const Call& call);

// What a chat turn needs of the node.
runtime::ChatDeps chat_deps(Services& services);

}  // namespace agentry::api
