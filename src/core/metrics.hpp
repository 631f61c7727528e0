#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

// Counters, gauges and histograms, with labels, written out in the Prometheus text format
// (version 0.0.4). Updating one is an atomic operation or two; finding a labelled one takes a
// shared lock, and its first use an exclusive one.
namespace agentry::metrics {

class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(std::int64_t v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t n) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Observations counted in buckets by upper bound (le), with their sum.
class Histogram {
 public:
  // `bounds` ascending; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);
  void observe(double value) noexcept;

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> counts_;  // per bound, then +Inf; never resized
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds, from a millisecond to a minute.
std::vector<double> latency_bounds();

// A metric's name, help text and label names.
struct Header {
  std::string name;
  std::string help;
  std::vector<std::string> labels;
};

class FamilyBase {
 public:
  virtual ~FamilyBase() = default;
  // Appends the family's HELP and TYPE lines and every member's samples.
  virtual void write(std::string& out) const = 0;
};

// One metric name and its members, one per set of label values.
template <typename Metric>
class Family final : public FamilyBase {
 public:
  explicit Family(Header header, std::vector<double> bounds = {});
  // The member with these label values, one per label in order; made on first use.
  Metric& with(std::initializer_list<std::string_view> values);
  // The family without labels' one member.
  Metric& only() { return with({}); }
  void write(std::string& out) const override;

 private:
  Header header_;
  std::vector<double> bounds_;  // a histogram's
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::unique_ptr<Metric>, std::less<>> members_;  // by label values
};

extern template class Family<Counter>;
extern template class Family<Gauge>;
extern template class Family<Histogram>;

// Every family of a process, written in the order they were made.
class Registry {
 public:
  Family<Counter>& counter(Header header);
  Family<Gauge>& gauge(Header header);
  Family<Histogram>& histogram(Header header, std::vector<double> bounds);
  // The text exposition of every family.
  std::string exposition() const;

 private:
  template <typename Metric>
  Family<Metric>& add(std::unique_ptr<Family<Metric>> family);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<FamilyBase>> families_;
};

}  // namespace agentry::metrics
