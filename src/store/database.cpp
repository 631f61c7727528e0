#include "store/database.hpp"

#include <future>

namespace agentry::store {

std::int64_t Row::integer(std::size_t i) const {
  const Value& v = columns.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

double Row::real(std::size_t i) const {
  const Value& v = columns.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) return std::stod(*s);
  return 0;
}

const std::string& Row::text(std::size_t i) const {
  static const std::string empty;
  const Value& v = columns.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return empty;
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<std::string> Row::optional_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

bool Database::watch(std::string_view table, std::function<void()> listener) {
  const ChangeCounter* counter = changes_of(table);
  if (!counter) return false;
  const std::lock_guard lock(watch_mutex_);
  watchers_[counter].push_back(std::move(listener));
  return true;
}

void Database::tell_watchers(const ChangeCounter* counter) {
  const std::lock_guard lock(watch_mutex_);
  if (auto it = watchers_.find(counter); it != watchers_.end()) {
    for (const auto& listener : it->second) listener();
  }
}

void Database::on_signal(std::function<void(const std::string&)> listener) {
  const std::lock_guard lock(signal_mutex_);
  signal_listener_ = std::move(listener);
}

void Database::send_signals(const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  const std::lock_guard lock(signal_mutex_);
  if (!signal_listener_) return;
  for (const std::string& key : keys) signal_listener_(key);
}

void Database::read_here(const Work& /*work*/) {
  throw std::logic_error("this database does not read on the calling thread");
}

std::string Row::take_text(std::size_t i) {
  if (auto* s = std::get_if<std::string>(&columns.at(i))) return std::move(*s);
  return {};
}

std::optional<std::string> Row::take_optional_text(std::size_t i) {
  if (is_null(i)) return std::nullopt;
  return take_text(i);
}

namespace {
void run_blocking(Database& db, Database::Work work, bool write) {
  std::promise<void> finished;
  auto future = finished.get_future();
  Database::Done done = [&finished](const std::exception_ptr& error) {
    if (error) {
      finished.set_exception(error);
    } else {
      finished.set_value();
    }
  };
  if (write) {
    db.submit_write(std::move(work), std::move(done));
  } else {
    db.submit_read(std::move(work), std::move(done));
  }
  future.get();
}
}  // namespace

void Database::write_blocking(Work work) {
  run_blocking(*this, std::move(work), true);
}
void Database::read_blocking(Work work) {
  run_blocking(*this, std::move(work), false);
}

}  // namespace agentry::store
