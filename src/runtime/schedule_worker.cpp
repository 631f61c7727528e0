#include "runtime/schedule_worker.hpp"

#include <boost/asio/co_spawn.hpp>

#include <algorithm>

#include "runtime/await_db.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;

namespace {
constexpr std::string_view wake_key = "schedules:changed";
}  // namespace

ScheduleWorker::ScheduleWorker(store::Database& db, const Clock& clock, schedules::TermsOf terms_of,
                               Notifier& notifier, std::function<void()> runs_queued,
                               ScheduleOptions options, Logger& log)
    : db_(db),
      clock_(clock),
      terms_of_(std::move(terms_of)),
      notifier_(notifier),
      runs_queued_(std::move(runs_queued)),
      options_(options),
      log_(log) {}

void ScheduleWorker::start(asio::io_context& context) {
  wake_ = notifier_.subscribe(std::string(wake_key), context.get_executor());
  db_.watch("schedules", [this] { wake(); });
  asio::co_spawn(context, loop(), [this](const std::exception_ptr& e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& error) {
      log_.log("error", std::string("schedules stopped: ") + error.what());
    }
  });
}

void ScheduleWorker::stop() {
  stopped_ = true;
  wake();
}

void ScheduleWorker::finish() {
  wake_.reset();
}

void ScheduleWorker::wake() {
  notifier_.notify(std::string(wake_key));
}

asio::awaitable<void> ScheduleWorker::loop() {
  while (!stopped_) {
    const std::int64_t now = clock_.now_ms();
    std::size_t fired = 0;
    std::int64_t started = 0;
    try {
      auto fire = [this, now](store::Tx& tx) {
        return schedules::fire_due(tx, terms_of_, now, options_.batch);
      };
      auto batch = co_await db_write(db_, fire);
      fired = batch.size();
      for (const schedules::Fired& f : batch) {
        if (f.firing.run_id) ++started;
      }
    } catch (const std::exception& error) {
      log_.log("error", std::string("firing schedules: ") + error.what());
    }
    if (started > 0 && runs_queued_) runs_queued_();
    if (fired >= static_cast<std::size_t>(options_.batch)) continue;
    auto earliest = [](store::Tx& tx) { return schedules::earliest_due(tx); };
    const auto next = co_await db_read(db_, earliest);
    std::int64_t wait = options_.poll_ms;
    if (next) wait = std::clamp(*next - clock_.now_ms(), std::int64_t{0}, options_.poll_ms);
    if (wait > 0) co_await wake_->wait(wait);
  }
}

}  // namespace agentry::runtime
