#include "api/json_text.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <charconv>

namespace agentry::api {
namespace json = boost::json;
namespace {

void write(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(key));
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
      std::array<char, 32> buf{};
      const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v.get_double());
      out.append(buf.data(), ec == std::errc{} ? end : buf.data());
      return;
    }
    default:
      out += json::serialize(v);
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
