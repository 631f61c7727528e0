#include "runtime/schedule_worker.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>

#include "core/instruments.hpp"
#include "runtime/await_db.hpp"
#include "runtime/log_failure.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;

namespace {
constexpr std::string_view wake_key = "schedules:changed";
}  // namespace

ScheduleWorker::ScheduleWorker(store::Database& db, const Clock& clock, schedules::TermsOf terms_of,
                               ChatDeps chat, Notifier& notifier, std::function<void()> runs_queued,
                               ScheduleOptions options, Logger& log)
    : db_(db),
      clock_(clock),
      terms_of_(std::move(terms_of)),
      chat_(chat),
      notifier_(notifier),
      runs_queued_(std::move(runs_queued)),
      options_(options),
      log_(log) {}

void ScheduleWorker::start(asio::io_context& context) {
  context_ = &context;
  wake_ = notifier_.subscribe(std::string(wake_key), context.get_executor());
  db_.watch("schedules", [this] { wake(); });
  asio::co_spawn(context, loop(), [this](const std::exception_ptr& e) {
    log_failure(log_, "schedules stopped: ", e);
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

void ScheduleWorker::send_chat(const schedules::Fired& fired) {
  if (!context_) return;  // not started: the housekeeping pass fails the firing in time
  asio::co_spawn(*context_, chat(fired), [this](const std::exception_ptr& e) {
    log_failure(log_, "a schedule's chat message: ", e);
  });
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
        if (f.firing.due_at_ms) {
          instruments::get().schedule_lag.only().observe(
              static_cast<double>(f.firing.fired_at_ms - *f.firing.due_at_ms) / 1000);
        }
        if (f.chat_to_send()) send_chat(f);
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

asio::awaitable<void> ScheduleWorker::chat(schedules::Fired fired) {
  const std::string firing_id = fired.firing.id;
  const std::string account_id = fired.schedule.account_id;
  std::optional<std::string> failure;
  auto read_terms = [this, &account_id](store::Tx& tx) { return terms_of_(tx, account_id); };
  const runs::Terms terms = co_await db_read(db_, read_terms);
  chat::TurnRequest request{.agent_id = fired.schedule.agent_id,
                            .message = fired.schedule.message.value_or(""),
                            .session_id = fired.schedule.session_id};
  auto prepared =
      co_await ChatTurn::prepare(chat_, account_id, std::move(request), terms, clock_.now_ms());
  if (!prepared) {
    failure = prepared.error().message;
  } else {
    std::shared_ptr<ChatTurn> turn = std::move(*prepared);
    const auto executor = co_await asio::this_coro::executor;
    turn->begin(executor, false);
    co_await turn->commit(clock_.now_ms());
    if (turn->refused()) {
      failure = turn->refusal().message;
    } else {
      co_await turn->until_answered();
      if (!turn->answer()) {
        failure = turn->answer().error().message;
        co_await turn->undo();
      } else {
        const store::MessageRecord reply = co_await turn->settle();
        const std::string session_id = turn->turn().session.id;
        auto answered = [&](store::Tx& tx) {
          schedules::chat_answered(tx, firing_id, session_id, reply.id);
          return 0;
        };
        co_await db_write(db_, answered);
      }
    }
  }
  if (failure) {
    auto record = [&](store::Tx& tx) {
      schedules::chat_failed(tx, firing_id, *failure);
      return 0;
    };
    co_await db_write(db_, record);
  }
}

}  // namespace agentry::runtime
