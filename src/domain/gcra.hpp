#pragma once

#include <cstdint>

namespace agentry::gcra {

// A limit of `count` requests per `period_ms`, with bursts of up to `count`.
struct Limit {
  std::int64_t count;
  std::int64_t period_ms;
};

// The outcome of one request against one limit.
struct Decision {
  bool allowed;
  std::int64_t remaining;       // requests still allowed right now, after this one
  std::int64_t reset_after_ms;  // until the limit is fully replenished
  std::int64_t retry_after_ms;  // when refused: until one request is allowed again; else 0
};

// The Generic Cell Rate Algorithm. `tat_ms` is the key's theoretical arrival time (0 for a key
// never seen); it advances only when the request is allowed. Pure and allocation-free, so that the
// in-process and the Redis limiter share it (the Redis script mirrors these lines).
Decision decide(std::int64_t& tat_ms, std::int64_t now_ms, Limit limit);

}  // namespace agentry::gcra
