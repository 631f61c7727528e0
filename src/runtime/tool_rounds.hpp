#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/agent_tools.hpp"
#include "runtime/embeddings.hpp"
#include "runtime/provider.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// A model call with tools, as runs and chat turns make it: the model is called; while it asks
// for tools it is sent their answers and called again, for at most agent_tools::max_rounds
// rounds, each call made only when it fits what the run or turn holds.
namespace agentry::runtime {

// What the run or turn lends the loop.
struct ToolHost {
  // Runs one call (showing it where the run or turn shows its events) and answers the model;
  // `so_far` is what the calls so far have used, this round's included.
  std::function<boost::asio::awaitable<agent_tools::Answer>(const ToolCall& call,
                                                            const Completion& so_far)>
      run;
  // The most output one more call sent `next_input_tokens` may ask for within what is held,
  // after the calls so far; 0 when it does not fit.
  std::function<std::int64_t(const Completion& so_far, std::int64_t next_input_tokens)> next_output;
  // True for a call of one of the caller's own tools (the OpenAI and Anthropic surfaces): a
  // round that makes one ends the loop, for the caller to run them; the agent's own calls in
  // that round are not run. Unset: every call is the agent's.
  std::function<bool(const ToolCall& call)> for_caller;
};

struct ToolOutcome {
  Completion completion;  // the text of every call, as streamed, and their tokens summed
  std::int64_t rounds = 0;
  // Why the model was stopped while it still asked for tools: "" (it answered), "rounds"
  // (max_rounds were made), "budget" (the next call would pass what is held) or "caller" (it
  // called the caller's tools: completion.tool_calls holds those calls).
  std::string unfinished;
};

// The tools offered to a model: agent_tools' specs in the providers' form.
std::vector<ToolSpec> tool_specs(const std::vector<agent_tools::Spec>& specs);

// The call's arguments as the JSON object they should be; an empty one when they are not.
boost::json::object arguments_of(const ToolCall& call);
// The string member `name` of a call's arguments; "" when absent or not a string.
std::string string_arg(const boost::json::object& args, std::string_view name);

// Runs agent_tools' call `call` for `agent`: the arguments read from its JSON, a
// search_knowledge query embedded first when the agent's knowledge has vectors
// (query_embedding), the tool run in a read transaction.
boost::asio::awaitable<agent_tools::Answer> answer_tool_call(store::Database& db,
                                                             Embedder& embedder,
                                                             store::AgentRecord agent,
                                                             ToolCall call);

// The loop; nullopt when `stop` fired first (as call_provider_until).
boost::asio::awaitable<std::optional<Result<ToolOutcome>>> complete_with_tools(
    Provider& provider, CompletionRequest request, const DeltaSink& on_delta,
    boost::asio::steady_timer& stop, const std::function<bool()>& stopped_already,
    const ToolHost& host);

}  // namespace agentry::runtime
