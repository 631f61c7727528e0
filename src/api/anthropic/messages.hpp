#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "api/model_turn.hpp"
#include "api/route.hpp"
#include "core/result.hpp"

// The Anthropic surface: POST /v1/messages in the Messages wire format, an agent as the model,
// over the same stateless chat turns as the OpenAI surface; errors as Anthropic writes them.
namespace agentry::api::anthropic {

extern const ErrorShape error_shape;

// Reads a body the route's schema has validated into its turn. Errors: validation_error naming
// the field (content blocks other than text, tool_use and tool_result; no user text; a
// tool_choice other than auto or none).
Result<ModelTurnRequest> read_messages_request(const boost::json::object& body);

std::vector<RouteSpec> all_routes();

// The surface's shared schemas, for the OpenAPI document's components.
boost::json::object component_schemas();

}  // namespace agentry::api::anthropic
