#include "http/router.hpp"

#include <stdexcept>

#include "http/message.hpp"

namespace agentry::http {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> capture;
  std::string capture_name;
  std::vector<std::pair<std::string, std::size_t>> methods;  // method → route id
};

namespace {

// Splits "/a/b/c" into {"a","b","c"}; false when the path does not start with '/'.
bool split_path(std::string_view path, std::vector<std::string_view>& out) {
  if (path.empty() || path[0] != '/') return false;
  path.remove_prefix(1);
  if (path.empty()) return true;
  for (;;) {
    const std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(std::string_view method, std::string_view pattern, std::size_t route_id) {
  std::vector<std::string_view> segments;
  if (!split_path(pattern, segments)) throw std::logic_error("bad route pattern");
  Node* node = root_.get();
  for (std::string_view segment : segments) {
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      const std::string name(segment.substr(1, segment.size() - 2));
      if (!node->capture) {
        node->capture = std::make_unique<Node>();
        node->capture_name = name;
      } else if (node->capture_name != name) {
        throw std::logic_error("conflicting capture names in " + std::string(pattern));
      }
      node = node->capture.get();
    } else {
      auto it = node->literals.find(segment);
      if (it == node->literals.end()) {
        it = node->literals.emplace(std::string(segment), std::make_unique<Node>()).first;
      }
      node = it->second.get();
    }
  }
  for (const auto& [m, id] : node->methods) {
    if (m == method) throw std::logic_error("duplicate route " + std::string(pattern));
  }
  node->methods.emplace_back(std::string(method), route_id);
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  std::vector<std::string_view> segments;
  if (!split_path(path, segments)) return result;
  const Node* node = root_.get();
  for (std::string_view segment : segments) {
    if (segment.empty()) return result;
    auto it = node->literals.find(segment);
    if (it != node->literals.end()) {
      node = it->second.get();
    } else if (node->capture) {
      auto decoded = percent_decode(segment, false);
      if (!decoded) return result;
      result.params.emplace_back(node->capture_name, std::move(*decoded));
      node = node->capture.get();
    } else {
      return result;
    }
  }
  if (node->methods.empty()) return result;
  for (const auto& [m, id] : node->methods) {
    if (m == method) {
      result.kind = Match::Kind::found;
      result.route_id = id;
      return result;
    }
  }
  result.kind = Match::Kind::method_not_allowed;
  result.params.clear();
  for (const auto& [m, id] : node->methods) {
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += m;
    if (m == "GET") result.allow += ", HEAD";  // the server answers HEAD as GET without a body
  }
  return result;
}

}  // namespace agentry::http
