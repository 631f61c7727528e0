// The canonical form of a request body that an Idempotency-Key is compared by: it is JSON, and
// a body that differs only in the order of its members has the same canonical form. (It is not
// required to be a fixed point: Boost.JSON 1.81 reads some doubles back one unit in the last
// place off, so a number written shortest may not read back as the same double.)
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/json_text.hpp"

namespace {
namespace json = boost::json;

// `v` with every object's members in the reverse order.
json::value reversed(const json::value& v) {
  if (v.is_object()) {
    json::object out;
    const json::object& in = v.get_object();
    for (auto it = in.end(); it != in.begin();) {
      --it;
      out.emplace(it->key(), reversed(it->value()));
    }
    return out;
  }
  if (v.is_array()) {
    json::array out;
    for (const auto& item : v.get_array()) out.push_back(reversed(item));
    return out;
  }
  return v;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  const json::value value =
      json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec) return 0;
  const std::string canonical = agentry::api::to_canonical_json_text(value);
  (void)json::parse(canonical, ec);
  if (ec) std::abort();
  if (agentry::api::to_canonical_json_text(reversed(value)) != canonical) std::abort();
  (void)json::parse(agentry::api::to_json_text(value), ec);
  if (ec) std::abort();
  return 0;
}
