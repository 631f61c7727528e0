#include "api/schema.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <map>
// GCC 12 reports a false -Wmaybe-uninitialized inside <regex>'s std::function members.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <set>

#include "core/clock.hpp"

namespace agentry::api {
namespace json = boost::json;
namespace {

std::string join_path(const std::string& base, std::string_view key) {
  if (base.empty()) return std::string(key);
  return base + "." + std::string(key);
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool has_type(const json::value& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "null") return v.is_null();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    if (v.is_int64() || v.is_uint64()) return true;
    if (v.is_double()) {
      // A whole number a 64-bit integer holds (so that reading it as one cannot fail).
      const double d = v.get_double();
      return d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::trunc(d) == d;
    }
  }
  return false;
}

std::string type_list(const json::value& t) {
  if (t.is_string()) return std::string(t.get_string());
  std::string out;
  for (const auto& item : t.as_array()) {
    if (!out.empty()) out += " or ";
    out += item.as_string();
  }
  return out;
}

double as_double(const json::value& v) {
  return v.to_number<double>();
}

const std::regex& compiled(const std::string& pattern) {
  // Patterns come from our own route declarations, so the cache stays small.
  thread_local std::map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it == cache.end())
    it = cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
  return it->second;
}

bool matches_format(std::string_view format, std::string_view s) {
  if (format == "date-time") return parse_rfc3339(s).has_value();
  if (format == "email") {
    const auto at = s.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
           s.find('@', at + 1) == std::string_view::npos &&
           s.find_first_of(" \t\r\n") == std::string_view::npos &&
           s.substr(at + 1).find('.') != std::string_view::npos;
  }
  if (format == "uri") {
    const auto colon = s.find("://");
    return colon != std::string_view::npos && colon > 0 && colon + 3 < s.size() &&
           s.find_first_of(" \t\r\n") == std::string_view::npos;
  }
  return true;
}

Error violation(const std::string& path, const std::string& message) {
  const std::string where = path.empty() ? "body" : path;
  return make_error(Errc::validation_error, where + ": " + message, path);
}

std::optional<Error> check(const json::object& schema, const json::value& v,
                           const std::string& path);

std::optional<Error> check_string(const json::object& s, std::string_view str,
                                  const std::string& path) {
  if (const auto* min = s.if_contains("minLength");
      min && code_points(str) < min->to_number<std::size_t>()) {
    return violation(path, "must be at least " + json::serialize(*min) + " characters");
  }
  if (const auto* max = s.if_contains("maxLength");
      max && code_points(str) > max->to_number<std::size_t>()) {
    return violation(path, "must be at most " + json::serialize(*max) + " characters");
  }
  if (const auto* p = s.if_contains("pattern")) {
    if (!std::regex_search(str.begin(), str.end(), compiled(std::string(p->as_string())))) {
      return violation(path, "must match " + std::string(p->as_string()));
    }
  }
  if (const auto* f = s.if_contains("format"); f && !matches_format(f->as_string(), str)) {
    return violation(path, "must be a valid " + std::string(f->as_string()));
  }
  return std::nullopt;
}

std::optional<Error> check_object(const json::object& s, const json::object& o,
                                  const std::string& path) {
  const json::object* properties = nullptr;
  if (const auto* p = s.if_contains("properties")) properties = &p->as_object();
  if (const auto* required = s.if_contains("required")) {
    for (const auto& name : required->as_array()) {
      if (!o.contains(name.as_string()))
        return violation(join_path(path, name.as_string()), "is required");
    }
  }
  if (const auto* min = s.if_contains("minProperties");
      min && o.size() < min->to_number<std::size_t>()) {
    return violation(path, "must have at least " + json::serialize(*min) + " fields");
  }
  if (const auto* max = s.if_contains("maxProperties");
      max && o.size() > max->to_number<std::size_t>()) {
    return violation(path, "must have at most " + json::serialize(*max) + " fields");
  }
  const auto* additional = s.if_contains("additionalProperties");
  for (const auto& [key, value] : o) {
    const json::value* sub = properties ? properties->if_contains(key) : nullptr;
    if (sub) {
      if (auto e = check(sub->as_object(), value, join_path(path, key))) return e;
    } else if (additional && additional->is_bool() && !additional->get_bool()) {
      return violation(join_path(path, key), "is not a known field");
    } else if (additional && additional->is_object()) {
      if (auto e = check(additional->as_object(), value, join_path(path, key))) return e;
    }
  }
  return std::nullopt;
}

std::optional<Error> check_array(const json::object& s, const json::array& a,
                                 const std::string& path) {
  if (const auto* min = s.if_contains("minItems");
      min && a.size() < min->to_number<std::size_t>()) {
    return violation(path, "must have at least " + json::serialize(*min) + " items");
  }
  if (const auto* max = s.if_contains("maxItems");
      max && a.size() > max->to_number<std::size_t>()) {
    return violation(path, "must have at most " + json::serialize(*max) + " items");
  }
  if (const auto* u = s.if_contains("uniqueItems"); u && u->is_bool() && u->get_bool()) {
    std::set<std::string> seen;
    for (const auto& item : a) {
      if (!seen.insert(json::serialize(item)).second)
        return violation(path, "must not repeat items");
    }
  }
  if (const auto* items = s.if_contains("items")) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (auto e = check(items->as_object(), a[i], path + "[" + std::to_string(i) + "]")) return e;
    }
  }
  return std::nullopt;
}

std::optional<Error> check(const json::object& s, const json::value& v, const std::string& path) {
  if (const auto* t = s.if_contains("type")) {
    bool ok = false;
    if (t->is_string()) {
      ok = has_type(v, t->get_string());
    } else {
      for (const auto& option : t->as_array()) ok = ok || has_type(v, option.as_string());
    }
    if (!ok) return violation(path, "must be " + type_list(*t));
  }
  if (const auto* e = s.if_contains("enum")) {
    bool found = false;
    for (const auto& option : e->as_array()) found = found || option == v;
    if (!found) return violation(path, "must be one of " + json::serialize(*e));
  }
  if (const auto* c = s.if_contains("const"); c && *c != v) {
    return violation(path, "must be " + json::serialize(*c));
  }
  if (v.is_string()) return check_string(s, v.get_string(), path);
  if (v.is_number()) {
    if (const auto* min = s.if_contains("minimum"); min && as_double(v) < as_double(*min)) {
      return violation(path, "must be at least " + json::serialize(*min));
    }
    if (const auto* max = s.if_contains("maximum"); max && as_double(v) > as_double(*max)) {
      return violation(path, "must be at most " + json::serialize(*max));
    }
  }
  if (v.is_object()) return check_object(s, v.get_object(), path);
  if (v.is_array()) return check_array(s, v.get_array(), path);
  return std::nullopt;
}

}  // namespace

std::optional<Error> validate(const json::value& schema, const json::value& value) {
  return check(schema.as_object(), value, "");
}

}  // namespace agentry::api
