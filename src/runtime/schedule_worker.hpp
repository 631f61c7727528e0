#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "domain/schedules.hpp"
#include "runtime/chat_turn.hpp"
#include "runtime/notifier.hpp"
#include "store/database.hpp"

namespace agentry::runtime {

struct ScheduleOptions {
  std::int64_t poll_ms = 1'000;  // the longest wait between looks (a lost wake, a new due time)
  std::int64_t batch = 32;       // schedules fired in one transaction at most
};

// Fires due schedules: each due time once, in the transaction that starts its run (rows locked
// with SKIP LOCKED on PostgreSQL, so nodes share the work without firing a time twice), then
// sends the chat messages of the chat schedules it fired. Sleeps until the earliest due time, at
// most poll_ms; a changed schedule wakes it.
class ScheduleWorker {
 public:
  ScheduleWorker(store::Database& db, const Clock& clock, schedules::TermsOf terms_of,
                 ChatDeps chat, Notifier& notifier, std::function<void()> runs_queued,
                 ScheduleOptions options, Logger& log);

  void start(boost::asio::io_context& context);
  void stop();
  // After the I/O threads have stopped.
  void finish();
  // Schedules changed: look again. Any thread.
  void wake();
  // Sends the message of a chat firing just committed (by this worker, or a trigger by hand) and
  // records its answer or why it failed. Any thread.
  void send_chat(const schedules::Fired& fired);

 private:
  boost::asio::awaitable<void> loop();
  boost::asio::awaitable<void> chat(schedules::Fired fired);

  store::Database& db_;
  const Clock& clock_;
  schedules::TermsOf terms_of_;
  ChatDeps chat_;
  boost::asio::io_context* context_ = nullptr;
  Notifier& notifier_;
  std::function<void()> runs_queued_;
  ScheduleOptions options_;
  Logger& log_;
  std::unique_ptr<Notifier::Subscription> wake_;
  std::atomic<bool> stopped_{false};
};

}  // namespace agentry::runtime
