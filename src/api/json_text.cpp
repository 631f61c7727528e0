#include "api/json_text.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <type_traits>
#include <vector>

#include "core/json_escape.hpp"

namespace agentry::api {
namespace json = boost::json;
namespace {

template <class Number>
void append_number(std::string& out, Number n) {
  if constexpr (std::is_floating_point_v<Number>) {
    // Past a double's range a number parses as infinite; written as Boost.JSON writes it, it stays
    // JSON, and reads back the same.
    if (!std::isfinite(n)) {
      out += n > 0 ? "1e99999" : "-1e99999";
      return;
    }
  }
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), n);
  out.append(buf.data(), ec == std::errc{} ? end : buf.data());
}

enum class KeyOrder { as_given, sorted };

void write(std::string& out, const json::value& v, KeyOrder order) {
  switch (v.kind()) {
    case json::kind::object: {
      std::vector<const json::key_value_pair*> members;
      members.reserve(v.get_object().size());
      for (const auto& member : v.get_object()) members.push_back(&member);
      if (order == KeyOrder::sorted) {
        std::sort(members.begin(), members.end(),
                  [](const auto* a, const auto* b) { return a->key() < b->key(); });
      }
      out += '{';
      bool first = true;
      for (const auto* member : members) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, member->key());
        out += ':';
        write(out, member->value(), order);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write(out, item, order);
      }
      out += ']';
      return;
    }
    case json::kind::double_: {
      // -0 is 0: written "-0" it would read back as the integer 0 and write differently.
      append_number(out, v.get_double() == 0 ? 0.0 : v.get_double());
      return;
    }
    case json::kind::string:
      append_json_string(out, v.get_string());
      return;
    case json::kind::int64:
      append_number(out, v.get_int64());
      return;
    case json::kind::uint64:
      append_number(out, v.get_uint64());
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::null:
      out += "null";
      return;
  }
}

}  // namespace

std::string to_json_text(const json::value& value) {
  std::string out;
  out.reserve(256);
  write(out, value, KeyOrder::as_given);
  return out;
}

std::string to_canonical_json_text(const json::value& value) {
  std::string out;
  out.reserve(256);
  write(out, value, KeyOrder::sorted);
  return out;
}

}  // namespace agentry::api
