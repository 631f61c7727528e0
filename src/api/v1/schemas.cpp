#include "api/v1/schemas.hpp"

#include <boost/json/parse.hpp>

namespace agentry::api::v1 {

namespace {
constexpr std::string_view components_json = R"json({
  "Error": {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message", "statusCode", "requestId"],
      "properties": {
        "code": {"type": "string", "example": "not_found"},
        "message": {"type": "string"},
        "statusCode": {"type": "integer"},
        "requestId": {"type": "string"},
        "field": {"type": "string", "description": "For validation errors: the offending field."}}}}
  },
  "Pagination": {
    "type": "object", "required": ["total", "limit", "offset", "hasMore"],
    "properties": {"total": {"type": "integer"}, "limit": {"type": "integer"},
                   "offset": {"type": "integer"}, "hasMore": {"type": "boolean"}}
  },
  "Plan": {
    "type": "object",
    "properties": {
      "id": {"type": "string"}, "name": {"type": "string"},
      "priceCentsPerMonth": {"type": "integer"}, "monthlyCredits": {"type": "number"},
      "requestsPerMinute": {"type": "integer"}, "requestsPerHour": {"type": ["integer", "null"]},
      "tokensPerMinute": {"type": "integer"}, "maxApiKeys": {"type": ["integer", "null"]},
      "volumeDiscountPercent": {"type": "integer"},
      "features": {"type": "array", "items": {"type": "string"}}}
  },
  "Account": {
    "type": "object",
    "properties": {
      "id": {"type": "string", "example": "acc_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"}, "email": {"type": ["string", "null"]},
      "plan": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "member"]},
      "limits": {"$ref": "#/components/schemas/Plan"},
      "usage": {"type": "object", "properties": {"agents": {"type": "integer"}, "apiKeys": {"type": "integer"}}},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}}
  },
  "ApiKey": {
    "type": "object",
    "properties": {
      "id": {"type": "string", "example": "key_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"}, "prefix": {"type": "string", "example": "ak_live_3xQ9"},
      "scopes": {"type": "array", "items": {"type": "string"}},
      "key": {"type": "string", "description": "The secret key; present only in the response that creates it."},
      "createdAt": {"type": "string", "format": "date-time"},
      "expiresAt": {"type": ["string", "null"], "format": "date-time"},
      "lastUsedAt": {"type": ["string", "null"], "format": "date-time"},
      "revokedAt": {"type": ["string", "null"], "format": "date-time"}}
  },
  "AccountCreated": {
    "type": "object",
    "properties": {"account": {"$ref": "#/components/schemas/Account"},
                   "apiKey": {"$ref": "#/components/schemas/ApiKey"}}
  },
  "PublicAgent": {
    "type": "object",
    "properties": {
      "id": {"type": "string", "example": "agt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"}, "displayName": {"type": "string"},
      "description": {"type": "string"}, "version": {"type": "string"},
      "kind": {"type": "string", "enum": ["hosted", "remote"]},
      "model": {"type": ["string", "null"]},
      "capabilities": {"type": "array", "items": {"type": "string"}},
      "pricePerTask": {"type": "number", "description": "Credits charged per task."},
      "region": {"type": "string"}, "status": {"type": "string", "enum": ["running", "stopped"]},
      "runCount": {"type": "integer"}, "reputationScore": {"type": "number"},
      "totalTasks": {"type": "integer"},
      "createdAt": {"type": "string", "format": "date-time"}}
  },
  "Agent": {
    "allOf": [{"$ref": "#/components/schemas/PublicAgent"}, {
      "type": "object",
      "properties": {
        "systemPrompt": {"type": "string"}, "soulMd": {"type": "string"},
        "workflowMd": {"type": "string"},
        "rules": {"type": "array", "items": {"type": "string"}},
        "endpointUrl": {"type": ["string", "null"]},
        "visibility": {"type": "string", "enum": ["private", "public"]},
        "revision": {"type": "integer", "description": "Also sent as the ETag."},
        "updatedAt": {"type": "string", "format": "date-time"},
        "startedAt": {"type": ["string", "null"], "format": "date-time"},
        "stoppedAt": {"type": ["string", "null"], "format": "date-time"}}}]
  },
  "AgentStatus": {
    "type": "object",
    "properties": {
      "id": {"type": "string"}, "status": {"type": "string", "enum": ["running", "stopped"]},
      "startedAt": {"type": ["string", "null"], "format": "date-time"},
      "stoppedAt": {"type": ["string", "null"], "format": "date-time"},
      "runCount": {"type": "integer"}}
  },
  "Health": {
    "type": "object",
    "properties": {"status": {"type": "string"}, "version": {"type": "string"},
                   "database": {"type": "string"}}
  }
})json";
}  // namespace

boost::json::object component_schemas() {
  static const boost::json::object parsed = boost::json::parse(components_json).as_object();
  return parsed;
}

std::string data_of(std::string_view name) {
  return R"({"type":"object","required":["data"],"properties":{"data":{"$ref":"#/components/schemas/)" +
         std::string(name) + R"("}}})";
}

std::string list_of(std::string_view name) {
  return R"({"type":"object","required":["data","pagination"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/)" +
         std::string(name) + R"("}},"pagination":{"$ref":"#/components/schemas/Pagination"}}})";
}

}  // namespace agentry::api::v1
