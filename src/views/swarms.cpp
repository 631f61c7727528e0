#include "views/swarms.hpp"

#include "views/values.hpp"

namespace agentry::views {

void write_swarm(JsonWriter& w, const store::SwarmRecord& s) {
  w.begin_object().key("id").string(s.id).key("name").string(s.name);
  w.key("description").string(s.description).key("members").strings(s.members);
  w.key("coordinatorId").optional_string(s.coordinator_id);
  w.key("createdAt");
  write_timestamp(w, s.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, s.updated_at_ms);
  w.end_object();
}

}  // namespace agentry::views
