#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/pricing.hpp"

namespace agentry::app {

// The model prices in force: the seeds' table, with each entry of the JSON file at `path`
// overriding the model of the same name field by field, or adding a model. The file looks like
//   {"models": [{"model": "gpt-4o", "inputPerMillion": 2.5, "outputPerMillion": 10}, ...]}
// with the field names of GET /v1/pricing (credits per million tokens). Throws
// std::runtime_error naming the problem.
std::vector<pricing::ModelPrice> load_prices(const std::string& path);
// The same from the file's text; `path` names it in messages.
std::vector<pricing::ModelPrice> parse_prices(std::string_view text, const std::string& path);

}  // namespace agentry::app
