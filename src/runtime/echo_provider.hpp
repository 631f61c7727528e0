#pragma once

#include "runtime/provider.hpp"

namespace agentry::runtime {

// The built-in provider of model "echo": answers "echo: " and the last user message, one word
// per delta, with one token counted per word. Deterministic and offline, for trying the server
// and for tests and benchmarks of everything around the model; it is not a model.
class EchoProvider final : public Provider {
 public:
  std::string_view name() const override { return "echo"; }
  boost::asio::awaitable<Result<Completion>> complete(CompletionRequest request,
                                                      DeltaSink on_delta) override;
};

// The number of whitespace-separated words in `text`: the echo provider's token count.
std::int64_t count_words(std::string_view text);

}  // namespace agentry::runtime
