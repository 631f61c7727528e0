#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

// LLM providers: what a hosted agent's run or chat turn asks of a model, and its answer.
namespace agentry::runtime {

// A tool the model may call: its name, what it does, and its parameters as a JSON Schema.
struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters;  // JSON text of an object schema
};

// A call the model made: the provider's id for it, the tool, and its arguments as JSON text.
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;
};

struct Message {
  std::string role;  // user | assistant | tool
  std::string content;
  std::vector<ToolCall> tool_calls;  // an assistant's: the calls it made
  std::string tool_call_id;          // a tool's: the call it answers
};

struct CompletionRequest {
  std::string model;
  std::string system;  // the composed system prompt
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;  // none: the model is offered no tools
  std::int64_t max_output_tokens = 0;
  std::optional<double> temperature;  // 0–2 as OpenAI has it; none: the model's default
  std::vector<std::string> stop;      // sequences that end the reply where they would appear
  std::string end_user;               // the caller's end user, when it names one
  std::string api_key;                // the credential for this call; never logged
};

struct Completion {
  std::string text;
  std::vector<ToolCall> tool_calls;  // the model asks for these before it answers
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
};

// Receives each piece of the reply's text as it arrives.
using DeltaSink = std::function<void(std::string_view)>;

class Provider {
 public:
  virtual ~Provider() = default;

  // Asks the model for a reply to `request`, passing its text to `on_delta` piece by piece as it
  // streams in, and returns the whole reply with the token usage. Cancelling the awaiting
  // coroutine (its cancellation slot) stops the call. Errors: unavailable (the provider could
  // not be reached, refused the call or broke its protocol), with a message for the run's log
  // that never contains the credential.
  virtual boost::asio::awaitable<Result<Completion>> complete(CompletionRequest request,
                                                              DeltaSink on_delta) = 0;
  // The provider's name in metrics: openai, anthropic, echo.
  virtual std::string_view name() const = 0;
};

}  // namespace agentry::runtime
