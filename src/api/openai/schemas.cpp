#include <boost/json/parse.hpp>

#include "api/openai/errors.hpp"
#include "api/openai/routes.hpp"

namespace agentry::api::openai {
namespace {

constexpr std::string_view components_json = R"json({
  "OpenAIModel": {
    "type": "object", "required": ["id", "object", "created", "owned_by"],
    "properties": {
      "id": {"type": "string", "example": "acme/support-bot", "description": "<handle>/<agent-name>: what `model` takes."},
      "object": {"const": "model"},
      "created": {"type": "integer"},
      "owned_by": {"type": "string", "description": "The owner's handle."},
      "agent_id": {"type": "string"},
      "description": {"type": "string"}
    }
  },
  "OpenAIResponse": {
    "type": "object", "required": ["id", "object", "created_at", "status", "model", "output", "usage"],
    "properties": {
      "id": {"type": "string", "description": "resp_ and the id of the turn's user message."},
      "object": {"const": "response"},
      "created_at": {"type": "integer"},
      "status": {"type": "string", "enum": ["in_progress", "completed", "failed"]},
      "model": {"type": "string"},
      "output": {"type": "array", "items": {"type": "object", "required": ["type", "id", "status", "role", "content"],
        "properties": {"type": {"const": "message"}, "id": {"type": "string"}, "status": {"type": "string"},
          "role": {"const": "assistant"},
          "content": {"type": "array", "items": {"type": "object", "required": ["type", "text"],
            "properties": {"type": {"const": "output_text"}, "text": {"type": "string"}, "annotations": {"type": "array"}}}}}}},
      "previous_response_id": {"type": ["string", "null"]},
      "instructions": {"type": ["string", "null"]},
      "error": {"type": ["object", "null"]},
      "incomplete_details": {"type": "null"},
      "usage": {"type": ["object", "null"], "properties": {"input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"},
        "input_tokens_details": {"type": "object", "properties": {"cached_tokens": {"type": "integer"}}},
        "output_tokens_details": {"type": "object", "properties": {"reasoning_tokens": {"type": "integer"}}}}},
      "tools": {"type": "array"}, "tool_choice": {"type": "string"}, "parallel_tool_calls": {"type": "boolean"},
      "store": {"type": "boolean"}, "metadata": {"type": "object"}
    }
  },
  "OpenAIChatCompletion": {
    "type": "object", "required": ["id", "object", "created", "model", "choices", "usage"],
    "properties": {
      "id": {"type": "string"},
      "object": {"const": "chat.completion"},
      "created": {"type": "integer"},
      "model": {"type": "string"},
      "choices": {"type": "array", "items": {"type": "object", "required": ["index", "message", "finish_reason"],
        "properties": {"index": {"type": "integer"},
          "message": {"type": "object", "required": ["role", "content"], "properties": {
            "role": {"const": "assistant"}, "content": {"type": ["string", "null"]},
            "refusal": {"type": "null"},
            "tool_calls": {"type": "array", "items": {"type": "object", "required": ["id", "type", "function"],
              "properties": {"id": {"type": "string"}, "type": {"const": "function"},
                "function": {"type": "object", "required": ["name", "arguments"], "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}}}}}}}},
          "logprobs": {"type": "null"},
          "finish_reason": {"type": "string", "enum": ["stop", "length", "tool_calls"]}}}},
      "usage": {"type": "object", "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
        "properties": {"prompt_tokens": {"type": "integer"}, "completion_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"}}},
      "system_fingerprint": {"type": "null"}
    }
  }
})json";

}  // namespace

boost::json::object component_schemas() {
  boost::json::object out = boost::json::parse(components_json).as_object();
  out["OpenAIError"] = boost::json::parse(error_schema());
  return out;
}

std::vector<RouteSpec> all_routes() {
  std::vector<RouteSpec> out = chat_completion_routes();
  for (auto& r : response_routes()) out.push_back(std::move(r));
  for (auto& r : model_routes()) out.push_back(std::move(r));
  return out;
}

}  // namespace agentry::api::openai
