#include "views/resources.hpp"
#include "views/values.hpp"

namespace agentry::views {

void write_activity(JsonWriter& w, const store::ActivityRecord& a) {
  w.begin_object();
  w.key("id").string(a.id);
  w.key("actor").string(a.actor);
  w.key("keyId").optional_string(a.key_id);
  w.key("keyName").optional_string(a.key_name);
  w.key("action").string(a.action);
  w.key("targetId").optional_string(a.target_id);
  w.key("amount");
  write_optional_credits(w, a.amount_micro);
  w.key("clientAddress").optional_string(a.client_address);
  w.key("requestId").optional_string(a.request_id);
  w.key("createdAt");
  write_timestamp(w, a.created_at_ms);
  w.end_object();
}

}  // namespace agentry::views
