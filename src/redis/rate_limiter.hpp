#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/work_queue.hpp"
#include "domain/rate_limiter.hpp"
#include "redis/connection.hpp"

namespace agentry::redis {

struct RateLimiterOptions {
  std::string url;                                // redis://[:PASSWORD@]HOST[:PORT][/DB]
  std::size_t connections = 4;                    // each served by its own thread
  std::chrono::milliseconds timeout{500};         // to connect, and for each command
  std::string client_name = "agentry-ratelimit";  // as CLIENT LIST shows the connections
  // Told (rarely: at most every 10 s) when Redis fails and the node limits on its own meanwhile.
  std::function<void(const std::string&)> warn;
};

// GCRA in Redis, so that a key's limit holds across every node: one Lua script per request
// decides both windows and stores the key's state atomically, on Redis's clock (nodes' clocks
// may differ). The requests waiting when a connection is free go together, in one round trip. When
// Redis cannot be reached the node falls back to its in-process limiter, so limits still hold per
// node, and goes back to Redis as soon as it answers.
class RedisRateLimiter final : public rate_limiter::Limiter {
 public:
  // Connects every connection and loads the script; throws ConnectionError or
  // std::invalid_argument (a bad URL) so that a misconfiguration stops start-up.
  explicit RedisRateLimiter(RateLimiterOptions options);
  ~RedisRateLimiter() override;
  RedisRateLimiter(const RedisRateLimiter&) = delete;
  RedisRateLimiter& operator=(const RedisRateLimiter&) = delete;

  rate_limiter::Decision check(std::string_view key, std::int64_t now_ms, std::int64_t per_minute,
                               std::optional<std::int64_t> per_hour) override;
  bool remote() const override { return true; }
  void check_async(std::string key, std::int64_t now_ms, std::int64_t per_minute,
                   std::optional<std::int64_t> per_hour, Done done) override;

  // Stops the threads after answering what is queued; later checks are answered locally.
  void close();

 private:
  struct Job {
    std::string key;
    std::int64_t now_ms;
    std::int64_t per_minute;
    std::optional<std::int64_t> per_hour;
    Done done;
  };
  void run_worker(std::unique_ptr<Connection> connection);
  // Answers every job, from Redis in one round trip or, when it fails, from the fallback.
  void decide(std::unique_ptr<Connection>& connection, std::vector<Job>& jobs);
  std::vector<std::string> script_call(const Job& job) const;
  rate_limiter::Decision evaluate(Connection& connection, const Job& job, Reply r);
  void warn(const std::string& message);

  RateLimiterOptions options_;
  Endpoint endpoint_;
  std::string script_sha_;
  rate_limiter::LocalLimiter fallback_;
  std::atomic<std::int64_t> last_warning_ms_{0};
  WorkQueue<Job> jobs_;
  std::vector<std::thread> workers_;
  std::atomic<bool> closed_{false};
};

}  // namespace agentry::redis
