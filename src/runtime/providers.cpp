#include "runtime/providers.hpp"

#include "domain/runs.hpp"

namespace agentry::runtime {

Providers::Providers(ProviderSettings settings)
    : settings_(std::move(settings)),
      client_(settings_.ca_file),
      openai_(client_, settings_.openai_base_url, settings_.timeout_ms),
      anthropic_(client_, settings_.anthropic_base_url, settings_.timeout_ms),
      embedder_(client_,
                {.base_url = settings_.embeddings_base_url.empty() ? settings_.openai_base_url
                                                                   : settings_.embeddings_base_url,
                 .model = settings_.embeddings_model,
                 .api_key = settings_.embeddings_api_key.empty() ? settings_.openai_api_key
                                                                 : settings_.embeddings_api_key,
                 .timeout_ms = settings_.timeout_ms}) {}

Providers::Route Providers::route(std::string_view model) {
  if (model == runs::echo_model) return {.provider = &echo_, .name = "echo"};
  if (model.starts_with("claude")) {
    return {.provider = &anthropic_,
            .name = "anthropic",
            .secret_name = anthropic_key_secret,
            .server_key = &settings_.anthropic_api_key,
            .key_required = true};
  }
  return {.provider = &openai_,
          .name = "openai",
          .secret_name = openai_key_secret,
          .server_key = &settings_.openai_api_key,
          .key_required = settings_.openai_base_url == openai_default_base_url};
}

}  // namespace agentry::runtime
