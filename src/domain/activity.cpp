#include "domain/activity.hpp"

#include "core/id_floor.hpp"
#include "core/ids.hpp"
#include "store/activity_queries.hpp"

namespace agentry::activity {

void record(store::Tx& tx, const std::string& account_id, std::string_view action,
            const std::optional<std::string>& target_id, std::int64_t now_ms,
            std::optional<std::int64_t> amount_micro) {
  store::ActivityRecord a{.id = new_ordered_id("act", now_ms),
                          .account_id = account_id,
                          .actor = "system",
                          .action = std::string(action),
                          .target_id = target_id,
                          .amount_micro = amount_micro,
                          .created_at_ms = now_ms};
  if (const store::Actor* by = tx.actor()) {
    a.actor = by->admin ? "admin" : "key";
    a.key_id = by->key_id;
    a.client_address = by->client_address;
    a.request_id = by->request_id;
  }
  store::insert_activity(tx, a);
}

std::optional<std::string> acting_key(const store::Tx& tx) {
  const store::Actor* by = tx.actor();
  if (!by || by->key_id.empty()) return std::nullopt;
  return by->key_id;
}

namespace {

// validation_error unless the filter's action is a name or a prefix ending in '*'.
Result<void> check(const store::ActivityFilter& filter) {
  if (filter.action) {
    const std::string& a = *filter.action;
    const std::size_t star = a.find('*');
    if (a.empty() || a.size() > 64 || (star != std::string::npos && star != a.size() - 1)) {
      return make_error(Errc::validation_error,
                        "action: an action (createAgent, credits.run_hold) or a prefix ending in *",
                        "action");
    }
  }
  return {};
}

}  // namespace

Result<std::vector<store::ActivityRecord>> list(store::Tx& tx, const std::string& account_id,
                                                const store::ActivityFilter& filter,
                                                std::int64_t limit) {
  if (auto refused = check(filter); !refused) return refused.error();
  return store::list_activity(tx, account_id, filter, limit);
}

Result<store::PageOf<store::ActivityRecord>> page(store::Tx& tx, const std::string& account_id,
                                                  const store::ActivityFilter& filter,
                                                  store::Page page) {
  if (auto refused = check(filter); !refused) return refused.error();
  return store::page_activity(tx, account_id, filter, page);
}

std::int64_t prune(store::Tx& tx, std::int64_t before_ms, std::int64_t limit) {
  return store::prune_activity(tx, first_id_at("act", before_ms), limit);
}

}  // namespace agentry::activity
