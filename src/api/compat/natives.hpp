#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "api/route.hpp"

// What a surface takes from /v1: a native route served under the surface's path, in its forms,
// and the native schemas its document describes such answers with. The rules stay in the
// native handler and the domain calls behind it.
namespace agentry::api::compat {

// The native routes and component schemas.
class Natives {
 public:
  Natives(const std::vector<RouteSpec>& routes, const boost::json::object& schemas)
      : routes_(routes), schemas_(schemas) {}

  // The native route `operation_id`. Throws std::logic_error when there is none.
  const RouteSpec& route(std::string_view operation_id) const;
  // The native schema `name` as one object schema: an allOf of object schemas merged (their
  // properties and required fields). Throws std::logic_error when there is none.
  boost::json::object flat_schema(std::string_view name) const;
  const boost::json::object& schemas() const { return schemas_; }
  const std::vector<RouteSpec>& routes() const { return routes_; }

 private:
  const std::vector<RouteSpec>& routes_;
  const boost::json::object& schemas_;
};

// The native route served by a surface at `path`: the native declaration (scope, query, body
// schema, statuses, ETag) and handler, its errors in `shape`, its 2xx JSON body rewritten by
// `reshape` (nullptr: as it is) and declared as `response_schema`, and its Location moved under
// the shape's prefix.
RouteSpec mount(const RouteSpec& native, std::string path, const ErrorShape& shape,
                std::string response_schema, Reshape reshape = nullptr);

// Runs the native handler for `call` (whose body and parameters the surface may have
// translated into the native route's) and presents its answer in the route's forms
// (present(): its Location, its body reshaped by the route's reshape).
boost::asio::awaitable<http::Response> answer_natively(const Handler& native, Call& call);

// The schema of the `data` a native route answers ({"data": X}): X's.
std::string data_schema_of(const RouteSpec& native);

// {"data": X} → X (the native data_reply's answer).
std::string unwrap_data(std::string_view body);

// Replaces every `from` in compact JSON text (the native writer's: no white space) with `to`.
// `from` is JSON syntax, such as "status":"running" or ,"title": — which cannot occur inside a
// string, whose quotes are escaped — so only members are rewritten, without parsing the text.
std::string replace_syntax(std::string text, std::string_view from, std::string_view to);

// Adds to `document`'s components the native schemas it refers to and does not have, and those
// they refer to.
void add_referenced_schemas(boost::json::object& document, const boost::json::object& native);

}  // namespace agentry::api::compat
