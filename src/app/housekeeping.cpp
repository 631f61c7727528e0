#include "app/housekeeping.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/await_db.hpp"
#include "core/clock.hpp"
#include "core/limits.hpp"
#include "domain/activity.hpp"
#include "domain/agent_log.hpp"
#include "domain/agent_stats.hpp"
#include "domain/chat.hpp"
#include "domain/events.hpp"
#include "domain/ledger.hpp"
#include "domain/runs.hpp"
#include "domain/schedules.hpp"
#include "domain/tasks.hpp"
#include "domain/usage.hpp"
#include "domain/webhooks.hpp"
#include "store/log_queries.hpp"
#include "store/run_queries.hpp"

namespace agentry::app {
namespace asio = boost::asio;

namespace {
constexpr std::int64_t grant_batch = 500;
// How long past the time limit a chat turn's hold is left before it counts as cut off.
constexpr std::int64_t stale_turn_margin_ms = 60'000;
}  // namespace

Housekeeping::Housekeeping(api::Services& services, Settings settings, Logger& log)
    : services_(services), settings_(settings), log_(log) {}

void Housekeeping::start(asio::io_context& context) {
  timer_ = std::make_unique<asio::steady_timer>(context);
  asio::co_spawn(context, loop(), asio::detached);
}

void Housekeeping::stop() {
  stopped_ = true;
  if (timer_) {
    asio::post(timer_->get_executor(), [this] { timer_->cancel(); });
  }
}

asio::awaitable<void> Housekeeping::loop() {
  while (!stopped_) {
    try {
      co_await run_once();
    } catch (const std::exception& e) {
      log_.log("error", std::string("housekeeping: ") + e.what());
    }
    timer_->expires_after(std::chrono::milliseconds(settings_.interval_ms));
    boost::system::error_code ec;
    co_await timer_->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> Housekeeping::run_once() {
  const std::int64_t now = services_.clock.now_ms();
  for (;;) {
    const int expired = co_await api::db_write(
        services_.db,
        [&](store::Tx& tx) { return tasks::expire_due(tx, now, limits::expiry_batch); },
        tasks::isolation);
    if (expired < limits::expiry_batch) break;
  }

  const std::string period = ledger::period_of(now);
  if (period != granted_period_) {
    for (;;) {
      const auto granted = co_await api::db_write(services_.db, [&](store::Tx& tx) {
        return ledger::grant_due_plan_credits(tx, services_.catalog, now, grant_batch);
      });
      if (granted < grant_batch) break;
    }
    granted_period_ = period;
  }

  // Chat turns end within the run time limit; a hold older than that was cut off by a stop.
  for (;;) {
    const std::int64_t released = co_await api::db_write(
        services_.db,
        [&](store::Tx& tx) {
          return chat::release_stale_turns(tx, now - limits::run_timeout_ms - stale_turn_margin_ms,
                                           limits::expiry_batch, now);
        },
        chat::isolation);
    if (released < limits::expiry_batch) break;
  }

  co_await api::db_write(services_.db, [&](store::Tx& tx) {
    // The tokens-per-minute limit reads only the current minute.
    store::prune_token_minutes(tx, now / 60'000 - 1);
    store::prune_run_events(tx, now - runs::event_retention_ms);
    schedules::abandon_chats(tx, now - schedules::chat_abandoned_after_ms);
    agent_stats::prune(tx, now);
    return store::prune_logs(tx, now - agent_log::retention_ms);
  });
  for (;;) {
    const std::int64_t pruned = co_await api::db_write(services_.db, [&](store::Tx& tx) {
      return events::prune(tx, now - settings_.event_retention_ms, limits::expiry_batch) +
             webhooks::prune(tx, now - webhooks::delivery_retention_ms, limits::expiry_batch) +
             schedules::prune(tx, now - schedules::firing_retention_ms, limits::expiry_batch) +
             activity::prune(tx, now - settings_.activity_retention_ms, limits::expiry_batch);
    });
    if (pruned < limits::expiry_batch) break;
  }

  auto counts = services_.requests.take();
  if (!counts.empty()) {
    try {
      co_await api::db_write(services_.db, [&](store::Tx& tx) {
        usage::record(tx, counts);
        return 0;
      });
    } catch (...) {
      services_.requests.put_back(counts);
      throw;
    }
  }
}

void Housekeeping::finish() {
  timer_.reset();
  auto counts = services_.requests.take();
  if (!counts.empty())
    services_.db.write_blocking([&](store::Tx& tx) { usage::record(tx, counts); });
}

}  // namespace agentry::app
