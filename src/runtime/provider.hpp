#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

// LLM providers: what a hosted agent's run or chat turn asks of a model, and its answer.
namespace agentry::runtime {

struct Message {
  std::string role;  // user | assistant
  std::string content;
};

struct CompletionRequest {
  std::string model;
  std::string system;  // the composed system prompt
  std::vector<Message> messages;
  std::int64_t max_output_tokens = 0;
  std::string api_key;  // the credential for this call; never logged
};

struct Completion {
  std::string text;
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
