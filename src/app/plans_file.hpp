#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/plans.hpp"

namespace agentry::app {

// The plans in force: the defaults, with each entry of the JSON file at `path` overriding the plan
// of the same id field by field, or adding a new plan. The file looks like
//   {"plans": [{"id": "free", "requestsPerMinute": 30, "requestsPerHour": 500}, ...]}
// with the field names of GET /v1/plans. Throws std::runtime_error naming the problem.
std::vector<plans::Plan> load_plans(const std::string& path);
// The same from the file's text; `path` names it in messages.
std::vector<plans::Plan> parse_plans(std::string_view text, const std::string& path);

}  // namespace agentry::app
