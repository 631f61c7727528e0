#pragma once

#include "store/swarm_records.hpp"
#include "views/json_writer.hpp"

// Swarms as /v1 shows them.
namespace agentry::views {

// A swarm (the Swarm schema).
void write_swarm(JsonWriter& w, const store::SwarmRecord& swarm);

}  // namespace agentry::views
