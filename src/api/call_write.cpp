#include "api/call_write.hpp"

#include "domain/activity.hpp"

namespace agentry::api {

store::Actor actor_of(const Call& call) {
  store::Actor actor;
  if (call.principal) {
    actor.admin = call.principal->is_admin;
    actor.key_id = call.principal->key_id;
  }
  actor.client_address = call.request.remote_address;
  actor.request_id = call.request.request_id;
  return actor;
}

void record_call(const Call& call, store::Tx& tx, const std::optional<std::string>& created_id) {
  if (!call.principal) return;
  std::optional<std::string> target;
  if (const std::string_view id = call.request.path_param("id"); !id.empty()) {
    target = std::string(id);
  } else {
    target = created_id;
  }
  activity::record(tx, call.account_id(), call.route.operation_id, target, call.now_ms);
}

}  // namespace agentry::api
