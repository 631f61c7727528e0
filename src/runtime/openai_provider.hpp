#pragma once

#include <string>

#include "runtime/provider_stream.hpp"

namespace agentry::runtime {

// An OpenAI-compatible Chat Completions endpoint, streamed (POST {base}/chat/completions with
// "stream": true): OpenAI itself, or vLLM, Ollama, llama.cpp's server and the like at their
// own base URL. Usage comes from the final chunk ("stream_options": {"include_usage": true});
// a server that sends none is charged an estimate of one token per 4 bytes.
class OpenAiProvider final : public HttpProvider {
 public:
  using HttpProvider::HttpProvider;
  std::string_view name() const override { return "openai"; }
  boost::asio::awaitable<Result<Completion>> complete(CompletionRequest request,
                                                      DeltaSink on_delta) override;
};

}  // namespace agentry::runtime
