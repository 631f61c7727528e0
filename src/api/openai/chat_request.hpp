#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "api/model_turn.hpp"
#include "core/result.hpp"

// A Chat Completions request read into the stateless chat turn it asks for (model_turn.hpp).
namespace agentry::api::openai {

struct ChatRequest {
  ModelTurnRequest turn;
  bool include_usage = false;  // stream_options.include_usage
};

// Reads a body the route's schema has validated. Errors: validation_error naming the field
// (content parts other than text, no user message, a tool message without its call's id,
// tool_choice other than "auto" or "none").
Result<ChatRequest> read_chat_request(const boost::json::object& body);

// The JSON Schema of the request body.
std::string chat_request_schema();

}  // namespace agentry::api::openai
