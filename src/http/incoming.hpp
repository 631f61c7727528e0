#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

#include "core/clock.hpp"
#include "http/client_address.hpp"
#include "http/message.hpp"

// A request as Beast parsed it, turned into the Request the layers above see.
namespace agentry::http {

// Lower-cases header names, splits the target into path and query, answers HEAD as GET, keeps a
// sane X-Request-Id (else makes one at `now_ms`) and finds the client's address behind trusted
// proxies (client_address.hpp).
Request to_request(boost::beast::http::request<boost::beast::http::string_body>&& in, UnixMs now_ms,
                   const std::string& remote, const TrustedProxies& trusted);

}  // namespace agentry::http
