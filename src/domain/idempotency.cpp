#include "domain/idempotency.hpp"

#include "store/queries.hpp"

namespace agentry::idempotency {

Claim claim(store::Tx& tx, const std::string& account_id, const std::string& key,
            const std::string& request_hash, std::int64_t now_ms, std::int64_t ttl_ms) {
  auto existing = store::find_idempotency(tx, account_id, key);
  if (existing && existing->created_at_ms + ttl_ms <= now_ms) {
    store::delete_idempotency(tx, account_id, key);
    existing.reset();
  }
  if (!existing) {
    store::insert_idempotency(
        tx, {account_id, key, request_hash, "in_flight", std::nullopt, std::nullopt, now_ms});
    return {Outcome::proceed, 0, {}};
  }
  if (existing->request_hash != request_hash) return {Outcome::mismatch, 0, {}};
  if (existing->state != "done") return {Outcome::in_flight, 0, {}};
  return {Outcome::replay, existing->status_code.value_or(200),
          existing->response_body.value_or("")};
}

void finish(store::Tx& tx, const std::string& account_id, const std::string& key,
            std::int64_t status_code, const std::string& body) {
  if (status_code >= 500) {
    store::delete_idempotency(tx, account_id, key);
  } else {
    store::complete_idempotency(tx, account_id, key, status_code, body);
  }
}

}  // namespace agentry::idempotency
