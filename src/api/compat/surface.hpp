#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/compat/natives.hpp"
#include "api/openapi.hpp"
#include "api/route.hpp"

// The seed systems' APIs (../shared/seeds), each served under /compat/<system> in its own forms:
// thin translations over the same domain calls as /v1, so that a client of one of those
// platforms changes only its base URL.
namespace agentry::api::compat {

// One seed system's surface.
struct Surface {
  DocumentInfo info;               // its document's title and forms; info.prefix: /compat/<system>
  std::vector<RouteSpec> routes;   // under info.prefix
  boost::json::object components;  // the schemas its routes refer to
};

// Each surface's OpenAPI document by prefix, generated once every route is known.
struct Documents {
  std::map<std::string, std::string, std::less<>> openapi;
  std::map<std::string, std::string, std::less<>> llms_full;  // the same as flat Markdown
};

// Every surface, over the native routes and schemas. Each serves GET <prefix>/openapi.json from
// `documents`.
std::vector<Surface> all_surfaces(const Natives& natives,
                                  const std::shared_ptr<const Documents>& documents);

// GET <prefix>/llms-full.txt: the surface's document as flat Markdown for language models.
RouteSpec llms_full_route(const std::string& prefix, const ErrorShape& shape,
                          std::shared_ptr<const Documents> documents);

// GET <prefix>/openapi.json: the surface's document, as `documents` holds it, answered in the
// surface's forms (`shape`).
RouteSpec openapi_route(const std::string& prefix, const ErrorShape& shape,
                        std::shared_ptr<const Documents> documents);

}  // namespace agentry::api::compat
