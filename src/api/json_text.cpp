#include "api/json_text.hpp"

#include <boost/json/value.hpp>

#include <array>
#include <charconv>

#include "core/json_escape.hpp"

namespace agentry::api {
namespace json = boost::json;
namespace {

template <class Number>
void append_number(std::string& out, Number n) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), n);
  out.append(buf.data(), ec == std::errc{} ? end : buf.data());
}

void write(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        write(out, item);
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
        write(out, item);
      }
      out += ']';
      return;
    }
    case json::kind::double_: {
      append_number(out, v.get_double());
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
  write(out, value);
  return out;
}

}  // namespace agentry::api
