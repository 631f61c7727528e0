#include "http/message.hpp"

#include <cctype>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace agentry::http {

std::string_view Request::header(std::string_view lowercase_name) const {
  for (const Header& h : headers) {
    if (h.name == lowercase_name) return h.value;
  }
  return {};
}

std::string_view Request::path_param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

void Response::set_header(std::string_view name, std::string value) {
  for (ResponseHeader& h : headers) {
    if (iequals(h.name, name)) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({name, std::move(value)});
}

std::string_view Response::header(std::string_view name) const {
  for (const ResponseHeader& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex(text[i + 1]);
      const int lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    auto key = percent_decode(part.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? "" : part.substr(eq + 1), true);
    if (key && value) out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

Response error_response(unsigned status, std::string_view code, std::string_view message,
                        std::string_view request_id, std::string_view field,
                        std::string_view current_state) {
  boost::json::object error;
  error["code"] = code;
  error["message"] = message;
  error["statusCode"] = status;
  error["requestId"] = request_id;
  if (!field.empty()) error["field"] = field;
  if (!current_state.empty()) error["currentState"] = current_state;
  boost::json::object envelope;
  envelope["error"] = std::move(error);
  Response response;
  response.status = status;
  response.body = boost::json::serialize(envelope);
  return response;
}

}  // namespace agentry::http
