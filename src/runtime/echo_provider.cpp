#include "runtime/echo_provider.hpp"

#include <algorithm>

namespace agentry::runtime {

std::int64_t count_words(std::string_view text) {
  std::int64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

boost::asio::awaitable<Result<Completion>> EchoProvider::complete(CompletionRequest request,
                                                                  DeltaSink on_delta) {
  Completion out;
  out.input_tokens = count_words(request.system);
  std::string_view last;
  for (const auto& m : request.messages) {
    out.input_tokens += count_words(m.content);
    if (m.role == "user") last = m.content;
  }
  std::string reply = "echo: " + std::string(last);
  // A stop sequence ends the reply where it would first appear, as a model's does.
  for (const std::string& stop : request.stop) {
    if (const std::size_t at = stop.empty() ? std::string::npos : reply.find(stop);
        at != std::string::npos) {
      reply.resize(at);
    }
  }
  // Words beyond the output budget are cut, as a model stops at max_tokens.
  std::int64_t words = 0;
  std::size_t at = 0;
  while (at < reply.size()) {
    std::size_t end = reply.find(' ', at);
    end = end == std::string::npos ? reply.size() : end + 1;
    if (++words > std::max<std::int64_t>(request.max_output_tokens, 1)) {
      reply.resize(at);
      --words;
      break;
    }
    on_delta(std::string_view(reply).substr(at, end - at));
    at = end;
  }
  out.output_tokens = words;
  out.text = std::move(reply);
  co_return out;
}

}  // namespace agentry::runtime
