#pragma once

#include <boost/asio/awaitable.hpp>

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
// secret (OPENAI_API_KEY, ANTHROPIC_API_KEY), else the server's. Errors: unavailable when the
// provider needs a key and there is none (the message says how to set one).
boost::asio::awaitable<Result<ResolvedProvider>> resolve_provider(Providers& providers,
                                                                  store::Database& db,
                                                                  const secrets::Vault& vault,
                                                                  const store::AgentRecord& agent,
                                                                  const std::string& model);

}  // namespace agentry::runtime
