#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "core/error.hpp"

namespace agentry::api {

// Validates JSON against the subset of JSON Schema (2020-12) that agentry's routes declare:
// type (one or a list), properties, required, additionalProperties (boolean), minProperties,
// enum, const, minLength/maxLength (in code points), pattern, format (date-time, email, uri),
// minimum/maximum, items, minItems/maxItems, uniqueItems. Keywords outside the subset are ignored,
// so a schema can carry documentation (description, example) for the OpenAPI document.
//
// Returns the first violation as a validation_error whose field is the dotted path of the
// offending value ("capabilities[2]", "secrets.apiKey"), or nothing when `value` conforms.
std::optional<Error> validate(const boost::json::value& schema, const boost::json::value& value);

}  // namespace agentry::api
