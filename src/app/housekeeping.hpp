#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "api/route.hpp"
#include "core/log.hpp"

namespace agentry::app {

// The server's periodic work, on one I/O thread, every `interval_ms`:
// - tasks past their deadline expire and their budgets return to the posters;
// - when a calendar month (UTC) begins, every account gets its plan's monthly credits, once;
// - the authenticated requests counted in memory are added to the daily usage;
// - log entries, run events, account events and ended webhook deliveries past their retention
//   and past minutes' token counts are deleted (a run keeps its last event);
// - the holds of chat turns that a stop cut off are released.
// Every step is a conditional write, so several nodes may run it at once.
class Housekeeping {
 public:
  struct Settings {
    std::int64_t interval_ms = 1000;
    std::int64_t event_retention_ms = 0;     // account events older than this are deleted
    std::int64_t activity_retention_ms = 0;  // activity log entries older than this are deleted
  };

  Housekeeping(api::Services& services, Settings settings, Logger& log);

  void start(boost::asio::io_context& context);
  void stop();
  // After the I/O threads have stopped, before their io_context goes: releases the timer and
  // writes the remaining request counts.
  void finish();

 private:
  boost::asio::awaitable<void> loop();
  boost::asio::awaitable<void> run_once();

  api::Services& services_;
  Settings settings_;
  Logger& log_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
  std::atomic<bool> stopped_{false};
  std::string granted_period_;  // the month whose plan credits every account has
};

}  // namespace agentry::app
