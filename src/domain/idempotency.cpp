#include "domain/idempotency.hpp"

#include "store/queries.hpp"

namespace agentry::idempotency {

namespace {
constexpr std::string_view pending = "pending";

// Only an answer replaces a pending mark (the operation it marked has ended); a second mark
// does not, so that two nodes beginning the same operation at once begin it once.
void put(store::Tx& tx, const store::IdempotencyRecord& record, std::int64_t ttl_ms) {
  const std::int64_t replace_before_ms = record.created_at_ms - ttl_ms + 1;
  if (!store::put_idempotency(tx, record, replace_before_ms, record.state != pending)) {
    throw KeyTaken();
  }
}
}  // namespace

Lookup look_up(store::Tx& tx, const std::string& account_id, const std::string& key,
               const std::string& request_hash, std::int64_t now_ms, std::int64_t ttl_ms) {
  auto existing = store::find_idempotency(tx, account_id, key);
  if (!existing || existing->created_at_ms + ttl_ms <= now_ms) return {};
  if (existing->request_hash != request_hash) return {.outcome = Outcome::mismatch};
  if (existing->state == pending) {
    return {.outcome = Outcome::resume, .resource = std::move(existing->response_body)};
  }
  return {.outcome = Outcome::replay,
          .answer = {existing->status_code, std::move(existing->location),
                     std::move(existing->etag), std::move(existing->response_body)}};
}

void keep(store::Tx& tx, const std::string& account_id, const std::string& key,
          const std::string& request_hash, const Answer& answer, std::int64_t now_ms,
          std::int64_t ttl_ms) {
  put(tx,
      {account_id, key, request_hash, "done", answer.status_code, answer.location, answer.etag,
       answer.body, now_ms},
      ttl_ms);
}

void begin(store::Tx& tx, const std::string& account_id, const std::string& key,
           const std::string& request_hash, const std::string& resource, std::int64_t now_ms,
           std::int64_t ttl_ms) {
  put(tx, {account_id, key, request_hash, std::string(pending), 0, "", "", resource, now_ms},
      ttl_ms);
}

}  // namespace agentry::idempotency
