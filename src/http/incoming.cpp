#include "http/incoming.hpp"

#include <cctype>

#include "core/ids.hpp"
#include "http/request_checks.hpp"

namespace agentry::http {

Request to_request(boost::beast::http::request<boost::beast::http::string_body>&& in, UnixMs now_ms,
                   const std::string& remote, const TrustedProxies& trusted) {
  Request out;
  out.method = std::string(in.method_string());
  // HEAD is answered as the GET of the same target would be, without the body.
  if (out.method == "HEAD") out.method = "GET";
  const std::string_view target = in.target();
  const std::size_t question = target.find('?');
  out.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));
  out.headers.reserve(8);
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.push_back({std::move(name), std::string(field.value())});
  }
  out.body = std::move(in.body());
  const auto client_id = client_request_id(out.header("x-request-id"));
  out.request_id = client_id ? std::string(*client_id) : new_request_id(now_ms);
  std::string forwarded_for;
  if (!trusted.empty()) {
    for (const Header& h : out.headers) {
      if (h.name != "x-forwarded-for") continue;
      if (!forwarded_for.empty()) forwarded_for += ',';
      forwarded_for += h.value;
    }
  }
  out.remote_address = client_address(remote, forwarded_for, trusted);
  return out;
}

}  // namespace agentry::http
