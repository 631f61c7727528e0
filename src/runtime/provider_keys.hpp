#pragma once

#include <string>

#include "core/result.hpp"
#include "domain/secrets.hpp"
#include "runtime/providers.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace agentry::runtime {

struct ResolvedProvider {
  Provider* provider = nullptr;
  std::string name;     // echo | openai | anthropic
  std::string api_key;  // never logged
};

// The provider of `model` for a hosted agent, with the key to call it: the agent owner's
// secret (OPENAI_API_KEY, ANTHROPIC_API_KEY), else the server's. Runs in the caller's read, so
// that a turn or run reads once. Errors: unavailable when the provider needs a key and there is
// none (the message says how to set one).
Result<ResolvedProvider> resolve_provider(store::Tx& tx, Providers& providers,
                                          const secrets::Vault& vault,
                                          const store::AgentRecord& agent,
                                          const std::string& model);

}  // namespace agentry::runtime
