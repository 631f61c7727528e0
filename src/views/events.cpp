#include "domain/events.hpp"
#include "views/resources.hpp"
#include "views/values.hpp"

namespace agentry::views {

std::string event_object(const events::Object& object, const std::string& viewer) {
  JsonWriter w;
  struct Visitor {
    JsonWriter& w;
    const std::string& viewer;
    void operator()(const store::AgentRecord* a) const { write_agent(w, *a); }
    void operator()(const store::RunRecord* r) const { write_run(w, *r); }
    void operator()(const store::TaskRecord* t) const { write_task(w, *t, viewer); }
    void operator()(const store::MessageRecord* m) const { write_message(w, *m); }
    void operator()(const store::ApiKeyRecord* k) const { write_api_key(w, *k); }
    void operator()(const store::HistoryEntry* e) const { write_history_entry(w, *e, viewer); }
    void operator()(events::LowBalance low) const { write_balance(w, *low.wallet); }
    void operator()(const store::WebhookRecord* h) const { write_webhook(w, *h); }
    void operator()(events::ScheduleFired f) const { write_schedule(w, *f.schedule, {*f.firing}); }
  };
  std::visit(Visitor{w, viewer}, object);
  return w.take();
}

void write_event(JsonWriter& w, const store::EventRecord& e) {
  w.begin_object();
  w.key("id").string(e.id);
  w.key("type").string(e.type);
  w.key("createdAt");
  write_timestamp(w, e.created_at_ms);
  w.key("data").begin_object().key("object").raw(e.data).end_object();
  w.end_object();
}

}  // namespace agentry::views
