#include "domain/schedules.hpp"

#include "core/cron.hpp"
#include "core/cron_zone.hpp"
#include "core/ids.hpp"
#include "domain/agents.hpp"
#include "domain/chat.hpp"
#include "domain/events.hpp"
#include "domain/run_terms.hpp"
#include "store/queries.hpp"
#include "store/run_queries.hpp"
#include "store/schedule_queries.hpp"

namespace agentry::schedules {
namespace {

Error absent(const std::string& id) {
  return make_error(Errc::not_found, "no schedule with id " + id);
}

struct When {
  cron::Expression expr;
  cron::Zone zone;
};

Result<When> when_of(std::string_view text, std::string_view time_zone, const Rules& rules) {
  auto expr = cron::parse(text, rules.allow_seconds);
  if (!expr) return expr.error();
  auto zone = cron::Zone::locate(time_zone);
  if (!zone) return zone.error();
  return When{*expr, std::move(*zone)};
}

// The schedule's first due time after `after_ms`: none when it never comes.
std::optional<std::int64_t> due_after(const store::ScheduleRecord& s, std::int64_t after_ms) {
  // Stored expressions parsed when they were written; seconds are allowed here because a
  // schedule written while the server allowed them keeps them.
  auto when = when_of(s.cron, s.time_zone, Rules{.allow_seconds = true});
  if (!when) return std::nullopt;
  return when->zone.next(when->expr, after_ms);
}

// The target names an agent the account may run; a chat one a hosted agent, a message, and a
// session of the account with that agent when it names one.
Result<void> check_target(store::Tx& tx, const store::ScheduleRecord& s) {
  auto agent = store::find_agent_by_id(tx, s.agent_id);
  if (!agent || !agents::visible_to(*agent, s.account_id)) {
    return make_error(Errc::not_found, "no agent with id " + s.agent_id, "target.agentId");
  }
  if (s.target_kind != "chat") return Ok{};
  if (agent->kind != "hosted") {
    return make_error(
        Errc::validation_error,
        "target: a chat message goes to a hosted agent; " + s.agent_id + " is remote: use a run",
        "target.agentId");
  }
  if (!s.message || s.message->empty() || s.message->size() > max_message_chars) {
    return make_error(Errc::validation_error,
                      "target.message: 1 to 100000 characters, the message a firing sends",
                      "target.message");
  }
  if (s.session_id) {
    auto session = chat::get_session(tx, s.account_id, *s.session_id);
    if (!session || session->agent_id != s.agent_id) {
      return make_error(Errc::not_found,
                        "no session with id " + *s.session_id + " with agent " + s.agent_id,
                        "target.sessionId");
    }
  }
  return Ok{};
}

Result<void> apply(store::Tx& tx, store::ScheduleRecord& s, const Draft& d, const Rules& rules,
                   std::int64_t now_ms) {
  if (d.name) {
    if (d.name->empty() || d.name->size() > max_name_chars) {
      return make_error(Errc::validation_error, "name: 1 to 200 characters", "name");
    }
    s.name = *d.name;
  }
  bool timing = false;
  if (d.cron || d.time_zone) {
    const std::string text = d.cron.value_or(s.cron);
    const std::string zone = d.time_zone.value_or(s.time_zone);
    auto when = when_of(text, zone, rules);
    if (!when) return when.error();
    if (!when->zone.next(when->expr, now_ms)) {
      return make_error(Errc::validation_error,
                        "cron: `" + text + "` never fires (no such date comes)", "cron");
    }
    s.cron = text;
    s.time_zone = zone;
    timing = true;
  }
  if (d.target_kind) {
    if (*d.target_kind != "run" && *d.target_kind != "chat") {
      return make_error(Errc::validation_error, "target.type: run or chat", "target.type");
    }
    s.target_kind = *d.target_kind;
  }
  if (d.agent_id) s.agent_id = *d.agent_id;
  if (d.input) s.input = *d.input;
  if (d.session_id) s.session_id = d.session_id->empty() ? std::nullopt : d.session_id;
  if (d.message) s.message = *d.message;
  if (d.agent_id || d.target_kind || d.session_id || d.message) {
    if (auto ok = check_target(tx, s); !ok) return ok.error();
  }
  if (d.max_credits_micro) s.max_credits_micro = *d.max_credits_micro;
  if (d.overlap) {
    if (*d.overlap != "skip" && *d.overlap != "queue") {
      return make_error(Errc::validation_error, "overlap: skip or queue", "overlap");
    }
    s.overlap = *d.overlap;
  }
  if (timing && s.status == "active") s.next_fire_at_ms = due_after(s, now_ms);
  s.updated_at_ms = now_ms;
  return Ok{};
}

// Starts the schedule's run, or says why not: the firing as it ends.
store::FiringRecord fire(store::Tx& tx, const store::ScheduleRecord& s,
                         std::optional<std::int64_t> due_at_ms, const TermsOf& terms_of,
                         std::int64_t now_ms) {
  store::FiringRecord f{.id = new_ordered_id("sfr", now_ms),
                        .schedule_id = s.id,
                        .account_id = s.account_id,
                        .due_at_ms = due_at_ms,
                        .fired_at_ms = now_ms};
  if (s.overlap == "skip") {
    if (auto last = store::last_started_firing(tx, s.id); last && last->run_id) {
      auto run = store::find_run(tx, *last->run_id);
      if (run && !runs::is_terminal(run->status)) {
        f.outcome = "skipped";
        f.error = "run " + run->id + " of the last firing has not ended (overlap: skip)";
        return f;
      }
    } else if (last && !last->message_id && !last->error) {
      f.outcome = "skipped";
      f.error = "the message of the last firing has not been answered (overlap: skip)";
      return f;
    }
  }
  if (s.target_kind == "chat") {
    // Sent by the node once this transaction commits.
    f.outcome = "started";
    f.session_id = s.session_id;
    return f;
  }
  runs::Request request{
      .agent_id = s.agent_id, .input = s.input.value_or("{}"), .max_credits = s.max_credits_micro};
  auto run = runs::create(tx, s.account_id, request, terms_of(tx, s.account_id), now_ms);
  if (!run) {
    f.outcome = "failed";
    f.error = run.error().message;
    return f;
  }
  f.outcome = "started";
  f.run_id = run->id;
  return f;
}

Fired record(store::Tx& tx, store::ScheduleRecord s, store::FiringRecord f, std::int64_t now_ms) {
  store::insert_firing(tx, f);
  s.last_fired_at_ms = now_ms;
  s.updated_at_ms = now_ms;
  store::update_schedule(tx, s);
  events::emit(tx, s.account_id, "schedule.fired", events::ScheduleFired{&s, &f}, now_ms,
               s.agent_id);
  return {std::move(s), std::move(f)};
}

}  // namespace

Result<store::ScheduleRecord> create(store::Tx& tx, const std::string& account_id,
                                     const Draft& draft, const Rules& rules, std::int64_t now_ms) {
  if (!draft.name || !draft.cron || !draft.agent_id) {
    return make_error(Errc::validation_error, "name, cron and target.agentId are required");
  }
  if (store::count_schedules(tx, account_id) >= max_per_account) {
    return make_error(Errc::limit_reached,
                      "an account has at most " + std::to_string(max_per_account) + " schedules");
  }
  store::ScheduleRecord s{.id = new_id("sch", now_ms),
                          .account_id = account_id,
                          .time_zone = "UTC",
                          .target_kind = "run",
                          .overlap = "skip",
                          .status = "active",
                          .created_at_ms = now_ms};
  Draft d = draft;
  if (!d.time_zone) d.time_zone = "UTC";
  if (!d.target_kind) d.target_kind = "run";
  if (auto ok = apply(tx, s, d, rules, now_ms); !ok) return ok.error();
  store::insert_schedule(tx, s);
  return s;
}

Result<store::ScheduleRecord> update(store::Tx& tx, const std::string& account_id,
                                     const std::string& id, const Draft& draft, const Rules& rules,
                                     std::int64_t now_ms) {
  auto s = store::find_schedule(tx, account_id, id);
  if (!s) return absent(id);
  // An expression kept as it is stays valid whatever the server allows now.
  Draft d = draft;
  if (d.cron && *d.cron == s->cron) d.cron.reset();
  if (auto ok = apply(tx, *s, d, rules, now_ms); !ok) return ok.error();
  store::update_schedule(tx, *s);
  return std::move(*s);
}

Result<void> remove(store::Tx& tx, const std::string& account_id, const std::string& id) {
  if (!store::delete_schedule(tx, account_id, id)) return absent(id);
  return Ok{};
}

Result<store::ScheduleRecord> pause(store::Tx& tx, const std::string& account_id,
                                    const std::string& id, std::int64_t now_ms) {
  auto s = store::find_schedule(tx, account_id, id);
  if (!s) return absent(id);
  if (s->status == "paused") return std::move(*s);
  s->status = "paused";
  s->next_fire_at_ms.reset();
  s->updated_at_ms = now_ms;
  store::update_schedule(tx, *s);
  return std::move(*s);
}

Result<store::ScheduleRecord> resume(store::Tx& tx, const std::string& account_id,
                                     const std::string& id, std::int64_t now_ms) {
  auto s = store::find_schedule(tx, account_id, id);
  if (!s) return absent(id);
  if (s->status == "active") return std::move(*s);
  s->status = "active";
  s->next_fire_at_ms = due_after(*s, now_ms);
  s->updated_at_ms = now_ms;
  store::update_schedule(tx, *s);
  return std::move(*s);
}

Result<store::ScheduleRecord> get(store::Tx& tx, const std::string& account_id,
                                  const std::string& id) {
  auto s = store::find_schedule(tx, account_id, id);
  if (!s) return absent(id);
  return std::move(*s);
}

store::PageOf<store::ScheduleRecord> list(store::Tx& tx, const std::string& account_id,
                                          store::Page page) {
  return store::list_schedules(tx, account_id, page);
}

std::vector<store::FiringRecord> recent_firings(store::Tx& tx, const store::ScheduleRecord& s) {
  return store::recent_firings(tx, s.id, shown_firings);
}

std::vector<std::int64_t> next_fire_times(const store::ScheduleRecord& s, int count) {
  std::vector<std::int64_t> out;
  if (s.status != "active" || !s.next_fire_at_ms) return out;
  out.push_back(*s.next_fire_at_ms);
  auto when = when_of(s.cron, s.time_zone, Rules{.allow_seconds = true});
  if (!when) return out;
  while (static_cast<int>(out.size()) < count) {
    auto t = when->zone.next(when->expr, out.back());
    if (!t) break;
    out.push_back(*t);
  }
  return out;
}

Result<std::vector<std::int64_t>> preview(std::string_view cron, std::string_view time_zone,
                                          std::int64_t after_ms, int count, const Rules& rules) {
  auto when = when_of(cron, time_zone, rules);
  if (!when) return when.error();
  if (!when->zone.next(when->expr, after_ms)) {
    return make_error(Errc::validation_error,
                      "cron: `" + std::string(cron) + "` never fires (no such date comes)", "cron");
  }
  std::vector<std::int64_t> out;
  std::int64_t after = after_ms;
  while (static_cast<int>(out.size()) < count) {
    auto t = when->zone.next(when->expr, after);
    if (!t) break;
    out.push_back(*t);
    after = *t;
  }
  return out;
}

Result<Fired> trigger(store::Tx& tx, const std::string& account_id, const std::string& id,
                      const TermsOf& terms_of, std::int64_t now_ms) {
  auto s = store::find_schedule(tx, account_id, id);
  if (!s) return absent(id);
  store::FiringRecord f = fire(tx, *s, std::nullopt, terms_of, now_ms);
  return record(tx, std::move(*s), std::move(f), now_ms);
}

std::vector<Fired> fire_due(store::Tx& tx, const TermsOf& terms_of, std::int64_t now_ms,
                            std::int64_t limit) {
  std::vector<Fired> out;
  for (store::ScheduleRecord& s : store::due_schedules(tx, now_ms, limit)) {
    const std::int64_t due = *s.next_fire_at_ms;
    store::FiringRecord f = fire(tx, s, due, terms_of, now_ms);
    s.next_fire_at_ms = due_after(s, std::max(due, now_ms));
    out.push_back(record(tx, std::move(s), std::move(f), now_ms));
  }
  return out;
}

void chat_answered(store::Tx& tx, const std::string& firing_id, const std::string& session_id,
                   const std::string& message_id) {
  store::end_chat_firing(tx, firing_id, session_id, message_id, std::nullopt);
}

void chat_failed(store::Tx& tx, const std::string& firing_id, const std::string& error) {
  store::end_chat_firing(tx, firing_id, std::nullopt, std::nullopt, error);
}

std::int64_t abandon_chats(store::Tx& tx, std::int64_t before_ms) {
  return store::abandon_chat_firings(
      tx, before_ms, "the node sending this message stopped before it was answered");
}

std::optional<std::int64_t> earliest_due(store::Tx& tx) {
  return store::earliest_due(tx);
}

TermsOf terms_by_plan(const plans::Catalog& catalog, const pricing::PriceTable& prices) {
  return [&catalog, &prices](store::Tx& tx, const std::string& account_id) {
    const auto account = store::find_account(tx, account_id);
    return runs::terms_for(account ? catalog.find(account->plan) : nullptr, prices);
  };
}

std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  return store::prune_firings(tx, before_ms, limit);
}

}  // namespace agentry::schedules
