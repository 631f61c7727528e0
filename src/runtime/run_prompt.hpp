#pragma once

#include <string>
#include <vector>

#include "domain/chat.hpp"
#include "domain/hosted_prompt.hpp"
#include "runtime/provider.hpp"
#include "store/records.hpp"
#include "store/run_records.hpp"

namespace agentry::runtime {

// The text of a run's input: an input of one text field (message, prompt, task, text or
// taskDescription) is that text; any other input its JSON.
std::string input_text_of(const std::string& input);

// What a hosted agent's run asks of its model: `system` (hosted_prompt::compose of the agent
// for input_text_of(run.input)), the run's context data after it, and the input's text as the
// user's message.
CompletionRequest request_of(const store::RunRecord& run, std::string system);

// What a chat turn asks of the agent's model: the turn's system prompt, the session's history,
// then the user's message.
CompletionRequest request_of(const chat::Turn& turn);

// The result of a hosted run: {"output": text}, and the sources its prompt held when any.
std::string result_of(std::string_view text, const std::vector<hosted_prompt::Source>& sources);

}  // namespace agentry::runtime
