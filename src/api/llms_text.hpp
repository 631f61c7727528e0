#pragma once

#include <boost/json/object.hpp>

#include <string>

// The API described for language models, after the llms.txt convention: a short index
// (/llms.txt) and a flat Markdown reference of every endpoint (/llms-full.txt) — method, path,
// scope, parameters, body fields with their types and limits, an example request and answer, the
// error statuses. Both are written from the OpenAPI document, which is generated from the route
// declarations, so neither can drift from what is served.
namespace agentry::api {

// The index: what the API is, where the references are, one line per endpoint by tag.
std::string llms_index(const boost::json::object& openapi);

// The full reference.
std::string llms_full(const boost::json::object& openapi);

}  // namespace agentry::api
