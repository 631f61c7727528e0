#include "redis/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <random>
#include <sstream>
#include <vector>

namespace agentry::redis {
namespace {

TEST(RedisUrlTest, ParsesHostPortPasswordAndDatabase) {
  const Endpoint plain = parse_url("redis://127.0.0.1:6380");
  EXPECT_EQ(plain.host, "127.0.0.1");
  EXPECT_EQ(plain.port, 6380);
  EXPECT_EQ(plain.db, 0);
  const Endpoint full = parse_url("redis://:s3cret@cache.internal/2");
  EXPECT_EQ(full.host, "cache.internal");
  EXPECT_EQ(full.port, 6379);
  EXPECT_EQ(full.password, "s3cret");
  EXPECT_EQ(full.db, 2);
  for (const char* bad : {"http://127.0.0.1", "redis://", "redis://h:port", "redis://h/x", "x"}) {
    EXPECT_THROW(parse_url(bad), std::invalid_argument) << bad;
  }
  try {
    parse_url("redis://:s3cret@h:port");
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << "never the password";
  }
}

// Against the Redis server the test command starts (AGENTRY_TEST_REDIS=redis://HOST:PORT).
class RedisRateLimiterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("AGENTRY_TEST_REDIS");
    if (!url || !*url) GTEST_SKIP() << "AGENTRY_TEST_REDIS is not set (scripts/test sets it)";
    url_ = url;
    key_ = "test-" + std::to_string(std::random_device{}());
  }
  std::unique_ptr<RedisRateLimiter> limiter() {
    return std::make_unique<RedisRateLimiter>(RateLimiterOptions{.url = url_, .connections = 2});
  }
  std::string url_;
  std::string key_;
};

TEST_F(RedisRateLimiterTest, OneLimitHoldsAcrossNodes) {
  auto node_a = limiter();
  auto node_b = limiter();
  for (int i = 0; i < 5; ++i) {
    const rate_limiter::Decision d = (i % 2 ? *node_b : *node_a).check(key_, 0, 5, std::nullopt);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.limit, 5);
    EXPECT_EQ(d.remaining, 4 - i);
  }
  const rate_limiter::Decision refused = node_b->check(key_, 0, 5, std::nullopt);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_GE(refused.retry_after_s, 1);
  EXPECT_FALSE(node_a->check(key_, 0, 5, std::nullopt).allowed) << "a refusal consumes nothing";
  EXPECT_TRUE(node_a->check(key_ + "-other", 0, 5, std::nullopt).allowed) << "keys are apart";
}

// Checks waiting together go to Redis together; each is still decided on its own, in order.
TEST_F(RedisRateLimiterTest, ManyChecksAtOnceCountEachRequestOnce) {
  auto node = std::make_unique<RedisRateLimiter>(RateLimiterOptions{.url = url_, .connections = 1});
  constexpr int checks = 500;
  std::vector<std::future<rate_limiter::Decision>> answers;
  answers.reserve(checks);
  for (int i = 0; i < checks; ++i) {
    auto p = std::make_shared<std::promise<rate_limiter::Decision>>();
    answers.push_back(p->get_future());
    // The hour window (one request back every 12 s) holds the count however slow the run.
    node->check_async(key_, 0, 300, 300, [p](rate_limiter::Decision d) { p->set_value(d); });
  }
  int allowed = 0;
  std::vector<std::int64_t> remaining;
  for (auto& a : answers) {
    const rate_limiter::Decision d = a.get();
    if (d.allowed) {
      ++allowed;
      remaining.push_back(d.remaining);
    }
  }
  EXPECT_EQ(allowed, 300) << "exactly the limit, however the checks were sent";
  ASSERT_FALSE(remaining.empty());
  EXPECT_EQ(remaining.front(), 299);
  EXPECT_EQ(remaining.back(), 0);
}

TEST_F(RedisRateLimiterTest, TheHourWindowRefusesOnItsOwnAndIsReported) {
  auto node = limiter();
  for (int i = 0; i < 3; ++i) {
    const rate_limiter::Decision d = node->check(key_, 0, 100, 3);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.limit, 3) << "the window with fewer requests left is shown";
  }
  const rate_limiter::Decision refused = node->check(key_, 0, 100, 3);
  EXPECT_FALSE(refused.allowed);
  EXPECT_GT(refused.retry_after_s, 60) << "the hour window decides when to retry";
}

TEST_F(RedisRateLimiterTest, AnswersAsynchronouslyAndLocallyWhenRedisDropsTheConnection) {
  std::atomic<int> warnings{0};
  auto node = std::make_unique<RedisRateLimiter>(RateLimiterOptions{
      .url = url_, .connections = 1, .client_name = key_, .warn = [&](const std::string&) {
        ++warnings;
      }});
  std::promise<rate_limiter::Decision> answered;
  node->check_async(key_, 0, 5, std::nullopt,
                    [&](rate_limiter::Decision d) { answered.set_value(d); });
  EXPECT_TRUE(answered.get_future().get().allowed);

  // Only this limiter's connection: other tests use the same server at the same time.
  Connection admin(parse_url(url_), std::chrono::milliseconds(500));
  const Reply clients = admin.command({"CLIENT", "LIST"});
  ASSERT_EQ(clients->type, REDIS_REPLY_STRING);
  std::istringstream lines(std::string(clients->str, clients->len));
  int killed = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" name=" + key_ + " ") == std::string::npos) continue;
    const std::string id = line.substr(3, line.find(' ') - 3);  // "id=N ..."
    killed += admin.command({"CLIENT", "KILL", "ID", id})->type == REDIS_REPLY_INTEGER;
  }
  ASSERT_EQ(killed, 1) << "the limiter's one connection is named after the test";
  // The first check on a dropped connection is answered by the node itself...
  EXPECT_TRUE(node->check(key_, 1'000, 5, std::nullopt).allowed);
  EXPECT_EQ(warnings.load(), 1) << "the operator is told that limits are per node meanwhile";
  // ...and the limiter reconnects: Redis's count for the key goes on from where it was.
  bool refused = false;
  int allowed = 0;
  while (!refused && allowed < 10) {
    refused = !node->check(key_, 1'000, 5, std::nullopt).allowed;
    if (!refused) ++allowed;
  }
  EXPECT_EQ(allowed, 4) << "one request counted before the drop, four after it";
}

TEST_F(RedisRateLimiterTest, AnUnreachableServerStopsStartUp) {
  EXPECT_THROW(RedisRateLimiter({.url = "redis://127.0.0.1:1"}), ConnectionError);
  EXPECT_THROW(RedisRateLimiter({.url = "memcached://127.0.0.1"}), std::invalid_argument);
}

}  // namespace
}  // namespace agentry::redis
