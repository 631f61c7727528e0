#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/limits.hpp"
#include "runtime/anthropic_provider.hpp"
#include "runtime/echo_provider.hpp"
#include "runtime/embeddings.hpp"
#include "runtime/http_client.hpp"
#include "runtime/openai_provider.hpp"
#include "runtime/provider.hpp"

namespace agentry::runtime {

inline constexpr std::string_view openai_default_base_url = "https://api.openai.com/v1";
inline constexpr std::string_view anthropic_default_base_url = "https://api.anthropic.com";
// The account secrets that hold an agent owner's own provider keys.
inline constexpr std::string_view openai_key_secret = "OPENAI_API_KEY";
inline constexpr std::string_view anthropic_key_secret = "ANTHROPIC_API_KEY";

struct ProviderSettings {
  std::string openai_base_url = std::string(openai_default_base_url);
  std::string openai_api_key;  // server-wide; an owner's OPENAI_API_KEY secret comes first
  std::string anthropic_base_url = std::string(anthropic_default_base_url);
  std::string anthropic_api_key;
  // Hybrid knowledge search: the model of an OpenAI-compatible /embeddings endpoint (empty:
  // none), at embeddings_base_url (empty: openai_base_url) with embeddings_api_key (empty:
  // openai_api_key).
  std::string embeddings_model;
  std::string embeddings_base_url;
  std::string embeddings_api_key;
  std::string ca_file;  // trust these certificates for providers instead of the system's
  std::int64_t timeout_ms = limits::run_timeout_ms;
};

// The providers this server calls, chosen by a hosted agent's model: "echo" is the built-in
// echo provider, claude-* models go to Anthropic, every other model to the OpenAI-compatible
// endpoint.
class Providers {
 public:
  explicit Providers(ProviderSettings settings);

  struct Route {
    Provider* provider = nullptr;
    std::string_view name;         // echo | openai | anthropic
    std::string_view secret_name;  // the owner's secret holding a key; empty: none used
    const std::string* server_key = nullptr;
    // A call without a key is pointless: the official endpoints need one; a self-hosted
    // OpenAI-compatible server (another base URL) may not.
    bool key_required = false;
  };
  Route route(std::string_view model);

  HttpClient& client() { return client_; }
  Embedder& embedder() { return embedder_; }

 private:
  ProviderSettings settings_;
  HttpClient client_;
  EchoProvider echo_;
  OpenAiProvider openai_;
  AnthropicProvider anthropic_;
  Embedder embedder_;
};

}  // namespace agentry::runtime
