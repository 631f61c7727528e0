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
  for (auto& r : model_routes()) out.push_back(std::move(r));
  return out;
}

}  // namespace agentry::api::openai
