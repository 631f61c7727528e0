#include "api/openai/text_parts.hpp"

#include <algorithm>

namespace agentry::api::openai {
namespace json = boost::json;

Result<std::string> text_of(const json::value* content, const std::string& field,
                            std::initializer_list<std::string_view> types) {
  if (!content || content->is_null()) return std::string();
  if (content->is_string()) return std::string(content->get_string());
  std::string out;
  for (const json::value& part : content->get_array()) {
    const json::object& p = part.get_object();
    const std::string_view type = p.at("type").as_string();
    const json::value* text = p.if_contains("text");
    if (std::find(types.begin(), types.end(), type) == types.end() || !text || !text->is_string()) {
      std::string message = field + ": only ";
      std::string_view separator;
      for (std::string_view t : types) {
        message += separator;
        message += t;
        separator = ", ";
      }
      message += " parts are supported, not \"";
      message += type;
      message += "\"";
      return make_error(Errc::validation_error, std::move(message), field);
    }
    out += text->get_string();
  }
  return out;
}

}  // namespace agentry::api::openai
