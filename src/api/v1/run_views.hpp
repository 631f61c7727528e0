#pragma once

#include "api/json_writer.hpp"
#include "store/run_records.hpp"

namespace agentry::api::v1 {

// A run as its owner sees it (the Run schema).
void write_run(JsonWriter& w, const store::RunRecord& run);

}  // namespace agentry::api::v1
