#include "redis/rate_limiter.hpp"

#include <future>

namespace agentry::redis {
namespace {

// Mirrors gcra::decide (domain/gcra.cpp) for the minute window and, when ARGV[2] > 0, the hour
// window; stores the new state only when both allow. Returns Redis's time and both decisions.
constexpr std::string_view gcra_script = R"lua(
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local per_minute = tonumber(ARGV[1])
local per_hour = tonumber(ARGV[2])
local function decide(tat, count, period)
  local interval = math.max(1, math.floor(period / count))
  local capacity = interval * count
  local t = math.max(tat, now)
  local new_tat = t + interval
  local allow_at = new_tat - capacity
  if now < allow_at then
    return {0, math.max(0, math.floor((now - (t - capacity)) / interval)), t - now, allow_at - now, tat}
  end
  return {1, math.floor((now - allow_at) / interval), new_tat - now, 0, new_tat}
end
local m = decide(tonumber(redis.call('HGET', KEYS[1], 'm')) or 0, per_minute, 60000)
local h = {1, 0, 0, 0, 0}
if per_hour > 0 then
  h = decide(tonumber(redis.call('HGET', KEYS[1], 'h')) or 0, per_hour, 3600000)
end
if m[1] == 1 and h[1] == 1 then
  redis.call('HSET', KEYS[1], 'm', m[5])
  if per_hour > 0 then redis.call('HSET', KEYS[1], 'h', h[5]) end
  redis.call('PEXPIRE', KEYS[1], math.max(m[5], h[5]) - now + 1000)
end
return {now, m[1], m[2], m[3], m[4], h[1], h[2], h[3], h[4]}
)lua";

constexpr std::int64_t warn_every_ms = 10'000;
// The most checks one connection sends together.
constexpr std::size_t batch_max = 64;

std::string load_script(Connection& c) {
  Reply r = c.command({"SCRIPT", "LOAD", std::string(gcra_script)});
  if (r->type != REDIS_REPLY_STRING) {
    throw ConnectionError("Redis refused the rate-limit script: " +
                          std::string(r->str ? r->str : "", r->len));
  }
  return {r->str, r->len};
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RedisRateLimiter::RedisRateLimiter(RateLimiterOptions options)
    : options_(std::move(options)), endpoint_(parse_url(options_.url)) {
  std::vector<std::unique_ptr<Connection>> connections;
  for (std::size_t i = 0; i < std::max<std::size_t>(options_.connections, 1); ++i) {
    connections.push_back(
        std::make_unique<Connection>(endpoint_, options_.timeout, options_.client_name));
  }
  script_sha_ = load_script(*connections.front());
  for (auto& c : connections) {
    workers_.emplace_back([this, c = std::move(c)]() mutable { run_worker(std::move(c)); });
  }
}

RedisRateLimiter::~RedisRateLimiter() {
  close();
}

void RedisRateLimiter::close() {
  if (closed_.exchange(true)) return;
  jobs_.close();
  for (auto& t : workers_) t.join();
}

rate_limiter::Decision RedisRateLimiter::check(std::string_view key, std::int64_t now_ms,
                                               std::int64_t per_minute,
                                               std::optional<std::int64_t> per_hour) {
  std::promise<rate_limiter::Decision> answer;
  check_async(std::string(key), now_ms, per_minute, per_hour,
              [&answer](rate_limiter::Decision d) { answer.set_value(d); });
  return answer.get_future().get();
}

void RedisRateLimiter::check_async(std::string key, std::int64_t now_ms, std::int64_t per_minute,
                                   std::optional<std::int64_t> per_hour, Done done) {
  Job job{std::move(key), now_ms, per_minute, per_hour, std::move(done)};
  if (!jobs_.try_push(job)) {  // closed: shutting down
    job.done(fallback_.check(job.key, now_ms, per_minute, per_hour));
  }
}

void RedisRateLimiter::run_worker(std::unique_ptr<Connection> connection) {
  for (;;) {
    std::vector<Job> jobs = jobs_.pop(batch_max);
    if (jobs.empty()) return;
    decide(connection, jobs);
  }
}

void RedisRateLimiter::decide(std::unique_ptr<Connection>& connection, std::vector<Job>& jobs) {
  std::size_t answered = 0;
  try {
    if (!connection || connection->broken()) {
      connection.reset();
      connection = std::make_unique<Connection>(endpoint_, options_.timeout, options_.client_name);
    }
    std::vector<std::vector<std::string>> calls;
    calls.reserve(jobs.size());
    for (const Job& job : jobs) calls.push_back(script_call(job));
    std::vector<Reply> replies = connection->commands(calls);
    for (; answered < jobs.size(); ++answered) {
      const Job& job = jobs[answered];
      job.done(evaluate(*connection, job, std::move(replies[answered])));
    }
  } catch (const std::exception& e) {
    warn(std::string("rate limits are per node until Redis answers again: ") + e.what());
    for (; answered < jobs.size(); ++answered) {
      const Job& job = jobs[answered];
      job.done(fallback_.check(job.key, job.now_ms, job.per_minute, job.per_hour));
    }
  }
}

std::vector<std::string> RedisRateLimiter::script_call(const Job& job) const {
  return {"EVALSHA",
          script_sha_,
          "1",
          "agentry:rl:" + job.key,
          std::to_string(job.per_minute),
          std::to_string(job.per_hour.value_or(0))};
}

rate_limiter::Decision RedisRateLimiter::evaluate(Connection& connection, const Job& job, Reply r) {
  if (r->type == REDIS_REPLY_ERROR && std::string_view(r->str, r->len).starts_with("NOSCRIPT")) {
    load_script(connection);  // Redis restarted and forgot it
    r = connection.command(script_call(job));
  }
  if (r->type != REDIS_REPLY_ARRAY || r->elements != 9) {
    throw std::runtime_error(
        "unexpected reply to the rate-limit script" +
        (r->type == REDIS_REPLY_ERROR ? ": " + std::string(r->str, r->len) : std::string()));
  }
  auto at = [&r](std::size_t i) { return static_cast<std::int64_t>(r->element[i]->integer); };
  const gcra::Decision minute{at(1) == 1, at(2), at(3), at(4)};
  std::optional<gcra::Decision> hour;
  if (job.per_hour) hour = gcra::Decision{at(5) == 1, at(6), at(7), at(8)};
  return rate_limiter::combine(minute, hour, job.per_minute, job.per_hour, at(0));
}

void RedisRateLimiter::warn(const std::string& message) {
  const std::int64_t now = wall_ms();
  std::int64_t last = last_warning_ms_.load();
  if (now - last < warn_every_ms || !last_warning_ms_.compare_exchange_strong(last, now)) return;
  if (options_.warn) options_.warn(message);
}

}  // namespace agentry::redis
