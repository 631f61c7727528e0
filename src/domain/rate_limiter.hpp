#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/gcra.hpp"

namespace agentry::rate_limiter {

// What the X-RateLimit-* headers report and whether the request may proceed.
struct Decision {
  bool allowed;
  std::int64_t limit;
  std::int64_t remaining;
  std::int64_t reset_unix_s;   // when the reported window is fully replenished
  std::int64_t retry_after_s;  // when refused; else 0
};

// Limits requests per key. The interface lets a shared (Redis) limiter replace the in-process one.
class Limiter {
 public:
  using Done = std::function<void(Decision)>;

  virtual ~Limiter() = default;
  // Counts one request by `key` against a per-minute limit and, when set, a per-hour limit. A
  // request refused by either window consumes neither. The reported window is the one with fewer
  // requests remaining. Blocks while a remote limiter answers.
  virtual Decision check(std::string_view key, std::int64_t now_ms, std::int64_t per_minute,
                         std::optional<std::int64_t> per_hour) = 0;

  // True when check() waits on another server: I/O threads then use check_async().
  virtual bool remote() const { return false; }
  // check(), answered through `done` (possibly on another thread, possibly before returning).
  // `key` and `done` are taken by value: a remote limiter keeps them until it answers.
  // NOLINTBEGIN(performance-unnecessary-value-param)
  virtual void check_async(std::string key, std::int64_t now_ms, std::int64_t per_minute,
                           std::optional<std::int64_t> per_hour, Done done) {
    done(check(key, now_ms, per_minute, per_hour));
  }
  // NOLINTEND(performance-unnecessary-value-param)
};

// The decision for a request judged by a per-minute window and an optional per-hour window
// (gcra::decide on each), as both limiters report it: allowed only when every window allows.
Decision combine(const gcra::Decision& minute, const std::optional<gcra::Decision>& hour,
                 std::int64_t per_minute, std::optional<std::int64_t> per_hour,
                 std::int64_t now_ms);

// In-process GCRA, sharded to keep lock contention low. Keys idle for longer than their window
// are forgotten when their shard is swept.
class LocalLimiter final : public Limiter {
 public:
  Decision check(std::string_view key, std::int64_t now_ms, std::int64_t per_minute,
                 std::optional<std::int64_t> per_hour) override;

 private:
  struct State {
    std::int64_t minute_tat_ms = 0;
    std::int64_t hour_tat_ms = 0;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, State, Hash, std::equal_to<>> states;
    std::int64_t next_sweep_ms = 0;
  };
  static constexpr std::size_t shard_count = 16;
  std::array<Shard, shard_count> shards_;
};

}  // namespace agentry::rate_limiter
