#include "domain/scopes.hpp"

#include <algorithm>

namespace agentry::scopes {

const std::vector<std::string_view>& all() {
  static const std::vector<std::string_view> scopes = {
      "agents:read", "agents:write",  "tasks:read",     "tasks:write",     "runs:read",
      "runs:write",  "chat",          "knowledge:read", "knowledge:write", "logs",
      "skills",      "swarms:read",   "swarms:write",   "webhooks",        "usage:read",
      "events:read", "account:write", "schedules",      "activity:read",   "metrics",
      "admin"};
  return scopes;
}

std::optional<std::vector<std::string>> expand(std::string_view requested) {
  const auto& known = all();
  if (std::find(known.begin(), known.end(), requested) != known.end()) {
    return std::vector<std::string>{std::string(requested)};
  }
  if (requested == "read") {
    std::vector<std::string> out;
    for (std::string_view s : known) {
      if (s.ends_with(":read")) out.emplace_back(s);
    }
    return out;
  }
  if (requested == "read-write") {
    std::vector<std::string> out;
    for (std::string_view s : known) {
      // The server's own metrics are the operator's, as is admin.
      if (s != "admin" && s != "metrics") out.emplace_back(s);
    }
    return out;
  }
  // "read:agents" → "agents:read"; "read:analytics" is the seeds' name for usage metrics.
  const std::size_t colon = requested.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view action = requested.substr(0, colon);
    std::string_view resource = requested.substr(colon + 1);
    if (resource == "analytics") resource = "usage";
    if (action == "read" || action == "write") {
      std::string flipped = std::string(resource) + ":" + std::string(action);
      if (std::find(known.begin(), known.end(), flipped) != known.end()) {
        return std::vector<std::string>{flipped};
      }
    }
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> normalize(const std::vector<std::string>& requested,
                                                  std::string& unknown) {
  std::vector<std::string> wanted;
  for (const std::string& r : requested) {
    auto expanded = expand(r);
    if (!expanded) {
      unknown = r;
      return std::nullopt;
    }
    wanted.insert(wanted.end(), expanded->begin(), expanded->end());
  }
  std::vector<std::string> out;
  for (std::string_view s : all()) {
    if (std::find(wanted.begin(), wanted.end(), s) != wanted.end()) out.emplace_back(s);
  }
  return out;
}

bool allows(const std::vector<std::string>& granted, std::string_view required) {
  for (const std::string& g : granted) {
    if (g == required || g == "admin") return true;
  }
  return false;
}

bool covers(const std::vector<std::string>& granted, const std::vector<std::string>& wanted) {
  return std::all_of(wanted.begin(), wanted.end(),
                     [&](const std::string& w) { return allows(granted, w); });
}

}  // namespace agentry::scopes
