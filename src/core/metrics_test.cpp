#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace agentry::metrics {
namespace {

TEST(Metrics, CountersAndGaugesAreWrittenWithEscapedLabels) {
  Registry r;
  auto& requests = r.counter({"x_requests_total", "Requests\nanswered", {"route", "status"}});
  requests.with({"/v1/agents/{id}", "200"}).add();
  requests.with({"/v1/agents/{id}", "200"}).add(2);
  requests.with({R"(say "hi"\)", "404"}).add();
  r.gauge({"x_open", "Open now", {}}).only().set(-3);
  EXPECT_EQ(r.exposition(),
            "# HELP x_requests_total Requests answered\n"
            "# TYPE x_requests_total counter\n"
            "x_requests_total{route=\"/v1/agents/{id}\",status=\"200\"} 3\n"
            "x_requests_total{route=\"say \\\"hi\\\"\\\\\",status=\"404\"} 1\n"
            "# HELP x_open Open now\n"
            "# TYPE x_open gauge\n"
            "x_open -3\n");
  EXPECT_THROW(requests.with({"only one"}), std::logic_error);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry r;
  auto& h = r.histogram({"x_seconds", "Time", {"kind"}}, {0.1, 1});
  for (double v : {0.05, 0.1, 0.5, 3.0}) h.with({"read"}).observe(v);
  EXPECT_EQ(r.exposition(),
            "# HELP x_seconds Time\n"
            "# TYPE x_seconds histogram\n"
            "x_seconds_bucket{kind=\"read\",le=\"0.1\"} 2\n"
            "x_seconds_bucket{kind=\"read\",le=\"1\"} 3\n"
            "x_seconds_bucket{kind=\"read\",le=\"+Inf\"} 4\n"
            "x_seconds_sum{kind=\"read\"} 3.65\n"
            "x_seconds_count{kind=\"read\"} 4\n");
}

TEST(Metrics, ConcurrentUpdatesAreAllCounted) {
  Registry r;
  auto& c = r.counter({"x_total", "x", {"t"}});
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c, t] {
      for (int i = 0; i < 10'000; ++i) c.with({t % 2 ? "odd" : "even"}).add();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.with({"odd"}).value() + c.with({"even"}).value(), 40'000U);
}

}  // namespace
}  // namespace agentry::metrics
