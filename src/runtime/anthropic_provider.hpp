#pragma once

#include <string>

#include "runtime/provider_stream.hpp"

namespace agentry::runtime {

// Anthropic's Messages API, streamed (POST {base}/v1/messages with "stream": true): text from
// content_block_delta events, input tokens from message_start, output tokens from
// message_delta; an error event ends the call with its type.
class AnthropicProvider final : public HttpProvider {
 public:
  static constexpr std::string_view api_version = "2023-06-01";

  using HttpProvider::HttpProvider;
  std::string_view name() const override { return "anthropic"; }
  boost::asio::awaitable<Result<Completion>> complete(CompletionRequest request,
                                                      DeltaSink on_delta) override;
};

}  // namespace agentry::runtime
