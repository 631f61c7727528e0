#include "store/string_list.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace agentry::store {

std::string encode_string_list(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const std::string& item : items) out.emplace_back(item);
  return boost::json::serialize(out);
}

std::vector<std::string> decode_string_list(std::string_view text) {
  std::vector<std::string> out;
  if (text == "[]") return out;  // the common case, without a parse
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& item : v.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace agentry::store
