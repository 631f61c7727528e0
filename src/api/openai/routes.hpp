#pragma once

#include <boost/json/object.hpp>

#include <vector>

#include "api/route.hpp"

// The OpenAI surface: agents as models, over the same chat turns as /v1.
namespace agentry::api::openai {

// POST /v1/chat/completions.
std::vector<RouteSpec> chat_completion_routes();
// POST /v1/responses.
std::vector<RouteSpec> response_routes();
// GET /v1/models, /v1/models/{model}.
std::vector<RouteSpec> model_routes();

// Every route of the surface.
std::vector<RouteSpec> all_routes();

// The surface's shared schemas, for the OpenAPI document's components.
boost::json::object component_schemas();

}  // namespace agentry::api::openai
