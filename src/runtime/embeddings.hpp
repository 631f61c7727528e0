#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "runtime/http_client.hpp"

// The embeddings provider of hybrid knowledge search: an OpenAI-compatible `/embeddings`
// endpoint (OpenAI's, or vLLM, Ollama, llama.cpp, text-embeddings-inference ... at their own
// URL) and a model, configured by the operator.
namespace agentry::runtime {

// At most this many texts go in one request, each cut to max_input_bytes.
inline constexpr std::size_t embeddings_batch = 64;
inline constexpr std::size_t embeddings_max_input_bytes = 8192;
// An answer larger than this is refused (64 vectors of 4,096 dimensions as JSON fit).
inline constexpr std::size_t embeddings_max_response_bytes = std::size_t{32} * 1024 * 1024;

struct EmbeddingsSettings {
  std::string base_url;  // the endpoint is base_url + "/embeddings"
  std::string model;     // empty: no embeddings provider (search is BM25 alone)
  std::string api_key;   // sent as a bearer token when set
  std::int64_t timeout_ms = 60'000;
};

// The vectors of an answer to a request for `count` inputs, in the inputs' order (by each
// item's `index`), scaled to unit length. Errors: unavailable (not JSON, items missing or
// repeated, a vector that is empty, not numbers, too long, zero, or of another length than the
// others).
Result<std::vector<std::vector<float>>> parse_embeddings(std::string_view body, std::size_t count);

class Embedder {
 public:
  Embedder(HttpClient& client, EmbeddingsSettings settings);

  bool enabled() const { return !settings_.model.empty(); }
  const std::string& model() const { return settings_.model; }

  // One unit vector per text, in order, in requests of up to embeddings_batch texts. Errors:
  // unavailable (the provider could not be reached, answered another status than 2xx — its
  // status and error type, never its text — or an answer parse_embeddings refuses).
  boost::asio::awaitable<Result<std::vector<std::vector<float>>>> embed(
      std::vector<std::string> texts);

 private:
  boost::asio::awaitable<Result<std::vector<std::vector<float>>>> embed_batch(
      std::vector<std::string> texts);

  HttpClient& client_;
  EmbeddingsSettings settings_;
};

}  // namespace agentry::runtime
