#include "core/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace agentry::metrics {
namespace {

// Label values joined by a byte no label value of ours holds.
std::string key_of(std::initializer_list<std::string_view> values) {
  std::string key;
  for (std::string_view v : values) {
    key += v;
    key += '\x1f';
  }
  return key;
}

void append_escaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// {a="x",b="y"} of the key's values, with `extra` (le="...") last; empty without any.
std::string label_set(const std::vector<std::string>& names, std::string_view key,
                      std::string_view extra = {}) {
  std::string out;
  std::size_t i = 0;
  while (!key.empty() && i < names.size()) {
    const std::size_t end = key.find('\x1f');
    out += out.empty() ? "{" : ",";
    out += names[i++] + "=\"";
    append_escaped(out, key.substr(0, end));
    out += '"';
    key.remove_prefix(end + 1);
  }
  if (!extra.empty()) {
    out += out.empty() ? "{" : ",";
    out += extra;
  }
  if (!out.empty()) out += '}';
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  return ec == std::errc{} ? std::string(buffer.data(), end) : "NaN";
}

void header_lines(std::string& out, const Header& h, std::string_view type) {
  out += "# HELP " + h.name + " ";
  for (char c : h.help) out += c == '\n' ? ' ' : c;
  out += "\n# TYPE " + h.name + " ";
  out += type;
  out += '\n';
}

template <typename Metric>
std::unique_ptr<Metric> make(const std::vector<double>& bounds);
template <>
std::unique_ptr<Counter> make<Counter>(const std::vector<double>&) {
  return std::make_unique<Counter>();
}
template <>
std::unique_ptr<Gauge> make<Gauge>(const std::vector<double>&) {
  return std::make_unique<Gauge>();
}
template <>
std::unique_ptr<Histogram> make<Histogram>(const std::vector<double>& bounds) {
  return std::make_unique<Histogram>(bounds);
}

void write_member(std::string& out, const Header& h, const std::string& key, const Counter& c) {
  out += h.name + label_set(h.labels, key) + " " + std::to_string(c.value()) + "\n";
}
void write_member(std::string& out, const Header& h, const std::string& key, const Gauge& g) {
  out += h.name + label_set(h.labels, key) + " " + std::to_string(g.value()) + "\n";
}
void write_member(std::string& out, const Header& h, const std::string& key, const Histogram& m) {
  const Histogram::Snapshot s = m.snapshot();
  for (std::size_t i = 0; i < s.cumulative.size(); ++i) {
    const double le = i < m.bounds().size() ? m.bounds()[i] : INFINITY;
    out += h.name + "_bucket" + label_set(h.labels, key, "le=\"" + number(le) + "\"") + " " +
           std::to_string(s.cumulative[i]) + "\n";
  }
  out += h.name + "_sum" + label_set(h.labels, key) + " " + number(s.sum) + "\n";
  out += h.name + "_count" + label_set(h.labels, key) + " " + std::to_string(s.cumulative.back()) +
         "\n";
}

std::string_view type_of(const Counter*) {
  return "counter";
}
std::string_view type_of(const Gauge*) {
  return "gauge";
}
std::string_view type_of(const Histogram*) {
  return "histogram";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1) {
  if (!std::ranges::is_sorted(bounds_)) throw std::invalid_argument("histogram bounds unsorted");
}

void Histogram::observe(double value) noexcept {
  const auto at = std::ranges::lower_bound(bounds_, value) - bounds_.begin();
  counts_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> latency_bounds() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

template <typename Metric>
Family<Metric>::Family(Header header, std::vector<double> bounds)
    : header_(std::move(header)), bounds_(std::move(bounds)) {}

template <typename Metric>
Metric& Family<Metric>::with(std::initializer_list<std::string_view> values) {
  if (values.size() != header_.labels.size()) {
    throw std::logic_error(header_.name + ": " + std::to_string(values.size()) +
                           " label values for " + std::to_string(header_.labels.size()) +
                           " labels");
  }
  const std::string key = key_of(values);
  {
    std::shared_lock lock(mutex_);
    if (auto it = members_.find(key); it != members_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto& member = members_[key];
  if (!member) member = make<Metric>(bounds_);
  return *member;
}

template <typename Metric>
void Family<Metric>::write(std::string& out) const {
  header_lines(out, header_, type_of(static_cast<const Metric*>(nullptr)));
  std::shared_lock lock(mutex_);
  for (const auto& [key, member] : members_) write_member(out, header_, key, *member);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <typename Metric>
Family<Metric>& Registry::add(std::unique_ptr<Family<Metric>> family) {
  auto& out = *family;
  std::lock_guard lock(mutex_);
  families_.push_back(std::move(family));
  return out;
}

Family<Counter>& Registry::counter(Header header) {
  return add(std::make_unique<Family<Counter>>(std::move(header)));
}

Family<Gauge>& Registry::gauge(Header header) {
  return add(std::make_unique<Family<Gauge>>(std::move(header)));
}

Family<Histogram>& Registry::histogram(Header header, std::vector<double> bounds) {
  return add(std::make_unique<Family<Histogram>>(std::move(header), std::move(bounds)));
}

std::string Registry::exposition() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& f : families_) f->write(out);
  return out;
}

}  // namespace agentry::metrics
