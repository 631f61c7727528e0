#pragma once

#include "domain/chat.hpp"
#include "runtime/provider.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"

namespace agentry::runtime {

// What a hosted agent's run asks of its model: the agent's composed prompt as the system
// prompt, the run's context data after it, and the input as the user's message. An input of
// one text field (message, prompt, task, text or taskDescription) is sent as that text; any
// other input as its JSON.
CompletionRequest request_of(const store::RunRecord& run, const store::AgentRecord& agent);

// What a chat turn asks of the agent's model: the agent's composed prompt as the system prompt,
// the session's history, then the user's message.
CompletionRequest request_of(const chat::Turn& turn);

// The result of a hosted run: {"output": text}.
std::string result_of(std::string_view text);

}  // namespace agentry::runtime
