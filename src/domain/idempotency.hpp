#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "store/database.hpp"

// Idempotency-Key with Stripe's semantics: the same key and request replay the stored answer, a
// different request with the key is refused, records expire after a TTL.
//
// The answer is stored in the same transaction as the request's effect, so the two commit or
// vanish together: after a crash a retry either finds the answer (the effect committed) or finds
// nothing and performs the request once. Nothing marks a key "in flight" in the database, so no
// marker can outlive the node that wrote it; a node refuses a second concurrent use of a key on
// its own (in memory), and two nodes racing with one key are settled by the record's primary
// key: the second effect's transaction rolls back and its request answers the first's answer.
namespace agentry::idempotency {

// What a replay sends again.
struct Answer {
  std::int64_t status_code = 0;
  std::string location;  // the Location header, or ""
  std::string etag;      // the ETag header, or ""
  std::string body;
};

enum class Outcome {
  proceed,   // no answer is stored for the key: perform the request
  replay,    // the same request was answered before: send `answer` again
  mismatch,  // the key was used with a different request: 422
  resume,    // the same request began a long operation (`resource`) that it waits for
};

struct Lookup {
  Outcome outcome = Outcome::proceed;
  Answer answer;         // for replay
  std::string resource;  // for resume: the id the first attempt created
};

// Thrown by keep() when another request stored an answer under the key first. The caller's
// transaction must roll back (letting the exception pass does that), and the request be answered
// from the stored record.
class KeyTaken : public std::runtime_error {
 public:
  KeyTaken() : std::runtime_error("the Idempotency-Key was answered by another request") {}
};

// What is known of the key for a request whose method, path and body hash to `request_hash`. A
// record `ttl_ms` old or older is forgotten.
Lookup look_up(store::Tx& tx, const std::string& account_id, const std::string& key,
               const std::string& request_hash, std::int64_t now_ms, std::int64_t ttl_ms);

// Stores `answer` under the key in `tx`, the transaction of the request's effect. Throws KeyTaken
// when a live answer holds the key.
void keep(store::Tx& tx, const std::string& account_id, const std::string& key,
          const std::string& request_hash, const Answer& answer, std::int64_t now_ms,
          std::int64_t ttl_ms);

// Marks the key as having begun `resource`, a long operation whose answer comes later (keep()
// then replaces the mark). A retry meanwhile gets Outcome::resume instead of beginning another.
void begin(store::Tx& tx, const std::string& account_id, const std::string& key,
           const std::string& request_hash, const std::string& resource, std::int64_t now_ms,
           std::int64_t ttl_ms);

}  // namespace agentry::idempotency
