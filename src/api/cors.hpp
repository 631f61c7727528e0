#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

// Cross-origin requests from browsers (CORS), for the origins the operator lists: a page on one
// of them may call the API with its own key in a header. Credentials (cookies) are never allowed,
// so an origin gains nothing but what the keys its pages hold already give.
namespace agentry::api {

class CorsPolicy {
 public:
  CorsPolicy() = default;
  // Origins as a browser sends them ("https://app.example.com", "http://localhost:5173"), or
  // "*" for any. Throws std::invalid_argument naming an entry that is neither.
  explicit CorsPolicy(const std::vector<std::string>& origins);
  // Reads a comma-separated list (the --cors-origins setting); empty: none.
  static CorsPolicy parse(std::string_view list);

  bool enabled() const { return any_ || !origins_.empty(); }
  bool allows(std::string_view origin) const;

  // The answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method): 204 with
  // the allowed methods and the requested headers for an allowed origin, 403 otherwise; nothing
  // for any other request.
  std::optional<http::Response> preflight(const http::Request& request) const;

  // Adds Access-Control-Allow-Origin, Vary and the exposed headers to the answer of a request
  // whose `origin` is allowed.
  void decorate(http::Response& response, std::string_view origin) const;

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace agentry::api
