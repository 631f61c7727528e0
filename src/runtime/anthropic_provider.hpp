#pragma once

#include <string>

#include "runtime/http_client.hpp"
#include "runtime/provider.hpp"

namespace agentry::runtime {

// Anthropic's Messages API, streamed (POST {base}/v1/messages with "stream": true): text from
// content_block_delta events, input tokens from message_start, output tokens from
// message_delta; an error event ends the call with its type.
class AnthropicProvider final : public Provider {
 public:
  static constexpr std::string_view api_version = "2023-06-01";

  AnthropicProvider(HttpClient& client, std::string base_url, std::int64_t timeout_ms);
  boost::asio::awaitable<Result<Completion>> complete(CompletionRequest request,
                                                      DeltaSink on_delta) override;

 private:
  HttpClient& client_;
  std::string base_url_;
  std::int64_t timeout_ms_;
};

}  // namespace agentry::runtime
