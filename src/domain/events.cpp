#include "domain/events.hpp"

#include <algorithm>
#include <atomic>

#include "core/id_floor.hpp"
#include "core/ids.hpp"
#include "domain/webhooks.hpp"
#include "store/event_queries.hpp"

namespace agentry::events {
namespace {

std::string no_writer(const Object& /*object*/, const std::string& /*viewer*/) {
  return "{}";
}

std::atomic<ObjectWriter> installed{no_writer};

// The agent an object is about, when it names one.
struct AgentOf {
  std::optional<std::string> operator()(const store::AgentRecord* a) const { return a->id; }
  std::optional<std::string> operator()(const store::RunRecord* r) const { return r->agent_id; }
  std::optional<std::string> operator()(const store::TaskRecord* t) const {
    return t->agent_id ? t->agent_id : t->offered_agent_id;
  }
  std::optional<std::string> operator()(const store::HistoryEntry* e) const {
    return e->transfer.agent_id;
  }
  std::optional<std::string> operator()(const store::WebhookRecord* w) const { return w->agent_id; }
  std::optional<std::string> operator()(const auto* /*other*/) const { return std::nullopt; }
  std::optional<std::string> operator()(LowBalance /*low*/) const { return std::nullopt; }
  std::optional<std::string> operator()(ScheduleFired f) const { return f.schedule->agent_id; }
};

bool in_catalog(std::string_view type) {
  return std::find(catalog.begin(), catalog.end(), type) != catalog.end();
}

}  // namespace

void install_writer(ObjectWriter writer) {
  installed.store(writer ? writer : no_writer);
}

store::EventRecord emit(store::Tx& tx, const std::string& account_id, std::string_view type,
                        const Object& object, std::int64_t now_ms,
                        const std::optional<std::string>& agent_id) {
  if (!in_catalog(type))
    throw std::logic_error("events: " + std::string(type) + " is not in the catalog");
  store::EventRecord e{.id = new_ordered_id("evt", now_ms),
                       .account_id = account_id,
                       .type = std::string(type),
                       .agent_id = agent_id ? agent_id : std::visit(AgentOf{}, object),
                       .data = installed.load()(object, account_id),
                       .created_at_ms = now_ms};
  store::insert_event(tx, e);
  webhooks::fan_out(tx, e, object);
  return e;
}

bool valid_pattern(std::string_view pattern) {
  if (pattern == "*") return true;
  if (!pattern.ends_with(".*")) return in_catalog(pattern);
  const std::string_view prefix = pattern.substr(0, pattern.size() - 1);
  return prefix.size() > 1 && std::any_of(catalog.begin(), catalog.end(), [&](std::string_view t) {
           return t.starts_with(prefix);
         });
}

bool matches(std::string_view pattern, std::string_view type) {
  if (pattern == "*") return true;
  if (pattern.ends_with(".*")) return type.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == type;
}

bool matches_any(const std::vector<std::string>& patterns, std::string_view type) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return matches(p, type); });
}

Result<store::EventRecord> get(store::Tx& tx, const std::string& account_id,
                               const std::string& id) {
  auto found = store::find_event(tx, account_id, id);
  if (!found) return make_error(Errc::not_found, "no event with id " + id);
  return std::move(*found);
}

std::vector<store::EventRecord> list(store::Tx& tx, const std::string& account_id,
                                     const store::EventFilter& filter, std::int64_t limit) {
  return store::list_events(tx, account_id, filter, limit);
}

std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  // Event ids are ordered by time: the prune is a range of the primary key, no index of its own.
  return store::prune_events(tx, first_id_at("evt", before_ms), limit);
}

}  // namespace agentry::events
