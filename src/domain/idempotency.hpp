#pragma once

#include <cstdint>
#include <string>

#include "store/database.hpp"

// Idempotency-Key with Stripe's semantics: same key and body replay the stored response, a
// different body is refused, a key still in flight is refused, records expire after a TTL.
namespace agentry::idempotency {

enum class Outcome {
  proceed,    // first use of the key: run the request, then call finish()
  replay,     // the same request completed before: answer the stored response
  in_flight,  // the same key is being processed right now: 409
  mismatch,   // the key was used with a different request: 422
};

struct Claim {
  Outcome outcome = Outcome::proceed;
  std::int64_t status_code = 0;  // for replay
  std::string body;              // for replay
};

// Claims `key` for a request whose method, path and body hash to `request_hash`. A record older
// than `ttl_ms` is forgotten and the key treated as new.
Claim claim(store::Tx& tx, const std::string& account_id, const std::string& key,
            const std::string& request_hash, std::int64_t now_ms, std::int64_t ttl_ms);

// Stores the response of a claimed request for replay. Server errors (5xx) are not stored: the
// claim is released so that the client can retry with the same key.
void finish(store::Tx& tx, const std::string& account_id, const std::string& key,
            std::int64_t status_code, const std::string& body);

}  // namespace agentry::idempotency
