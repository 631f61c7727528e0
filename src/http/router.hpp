#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agentry::http {

// Maps (method, path) to a route number. Patterns are '/'-separated segments where "{name}"
// captures one segment; a literal segment wins over a capture at the same depth.
class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers `route_id` for `method` on `pattern`. Throws std::logic_error when the same method
  // and pattern are registered twice or the pattern is malformed.
  void add(std::string_view method, std::string_view pattern, std::size_t route_id);

  struct Match {
    enum class Kind { found, not_found, method_not_allowed };
    Kind kind = Kind::not_found;
    std::size_t route_id = 0;
    std::vector<std::pair<std::string, std::string>> params;  // decoded captures
    std::string allow;  // for method_not_allowed: the methods the path accepts, comma-separated
  };

  // Finds the route for `method` and the percent-encoded `path`.
  Match match(std::string_view method, std::string_view path) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace agentry::http
