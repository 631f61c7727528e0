#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentry::scopes {

// Every canonical scope, `resource:action`.
const std::vector<std::string_view>& all();

// Normalizes one requested scope: canonical names pass through; the seeds' spellings are aliases
// ("read:agents" → agents:read, "read" → every *:read scope, "read-write" → every scope except
// admin). Empty when the name is unknown.
std::optional<std::vector<std::string>> expand(std::string_view requested);

// Normalizes a requested list: expanded, de-duplicated, in the order of all(). Empty when any
// name is unknown; `unknown` then holds that name.
std::optional<std::vector<std::string>> normalize(const std::vector<std::string>& requested,
                                                  std::string& unknown);

// True when `granted` allows `required`: it holds the scope itself or "admin".
bool allows(const std::vector<std::string>& granted, std::string_view required);

// True when every scope in `wanted` is allowed by `granted`.
bool covers(const std::vector<std::string>& granted, const std::vector<std::string>& wanted);

}  // namespace agentry::scopes
