#include "domain/schedules.hpp"
#include "views/resources.hpp"
#include "views/values.hpp"

namespace agentry::views {

void write_firing(JsonWriter& w, const store::FiringRecord& f) {
  w.begin_object();
  w.key("id").string(f.id);
  w.key("dueAt");
  write_timestamp(w, f.due_at_ms);
  w.key("firedAt");
  write_timestamp(w, f.fired_at_ms);
  w.key("manual").boolean(!f.due_at_ms);
  w.key("outcome").string(f.outcome);
  w.key("runId").optional_string(f.run_id);
  w.key("sessionId").optional_string(f.session_id);
  w.key("messageId").optional_string(f.message_id);
  w.key("error").optional_string(f.error);
  w.end_object();
}

void write_schedule(JsonWriter& w, const store::ScheduleRecord& s,
                    const std::vector<store::FiringRecord>& firings) {
  w.begin_object();
  w.key("id").string(s.id);
  w.key("name").string(s.name);
  w.key("cron").string(s.cron);
  w.key("timeZone").string(s.time_zone);
  w.key("target").begin_object();
  w.key("type").string(s.target_kind);
  w.key("agentId").string(s.agent_id);
  if (s.target_kind == "chat") {
    w.key("sessionId").optional_string(s.session_id);
    w.key("message").string(s.message.value_or(""));
  } else {
    w.key("input").raw(s.input.value_or("{}"));
  }
  w.end_object();
  w.key("maxCredits");
  write_optional_credits(w, s.max_credits_micro);
  w.key("overlap").string(s.overlap);
  w.key("status").string(s.status);
  w.key("nextFireTimes").begin_array();
  for (std::int64_t t : schedules::next_fire_times(s, schedules::shown_fire_times)) {
    write_timestamp(w, t);
  }
  w.end_array();
  w.key("lastFiredAt");
  write_timestamp(w, s.last_fired_at_ms);
  w.key("recentFirings").begin_array();
  for (const store::FiringRecord& f : firings) write_firing(w, f);
  w.end_array();
  w.key("createdAt");
  write_timestamp(w, s.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, s.updated_at_ms);
  w.end_object();
}

}  // namespace agentry::views
