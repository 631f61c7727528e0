#include "store/activity_queries.hpp"

#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view select_activity =
    "SELECT a.id, a.account_id, a.actor, a.key_id, k.name, a.action, a.target_id, a.amount_micro, "
    "a.client_address, a.request_id, a.created_at FROM activity a LEFT JOIN api_keys k ON k.id = "
    "a.key_id";

ActivityRecord activity_of(Row& r) {
  ActivityRecord a;
  a.id = r.take_text(0);
  a.account_id = r.take_text(1);
  a.actor = r.take_text(2);
  a.key_id = r.take_optional_text(3);
  a.key_name = r.take_optional_text(4);
  a.action = r.take_text(5);
  a.target_id = r.take_optional_text(6);
  a.amount_micro = r.optional_integer(7);
  a.client_address = r.take_optional_text(8);
  a.request_id = r.take_optional_text(9);
  a.created_at_ms = r.integer(10);
  return a;
}

}  // namespace

void insert_activity(Tx& tx, const ActivityRecord& a) {
  tx.exec_later(
      "INSERT INTO activity (id, account_id, actor, key_id, action, target_id, amount_micro, "
      "client_address, request_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {a.id, a.account_id, a.actor, optional_text(a.key_id), a.action, optional_text(a.target_id),
       optional_int(a.amount_micro), optional_text(a.client_address), optional_text(a.request_id),
       a.created_at_ms});
}

namespace {

// The entries of the account that `filter` keeps, its cursor aside.
Where activity_where(std::string_view account_id, const ActivityFilter& filter) {
  Where where("a.account_id = $1", {std::string(account_id)});
  if (filter.actor) {
    if (*filter.actor == "admin" || *filter.actor == "system") {
      where.compare("a.actor", "=", *filter.actor);
    } else {
      where.compare("a.key_id", "=", *filter.actor);
    }
  }
  if (filter.action) {
    if (filter.action->ends_with('*')) {
      const std::string prefix = filter.action->substr(0, filter.action->size() - 1);
      where.add("substr(a.action, 1, " + std::to_string(prefix.size()) +
                ") = " + where.param(prefix));
    } else {
      where.compare("a.action", "=", *filter.action);
    }
  }
  if (filter.target_id) where.compare("a.target_id", "=", *filter.target_id);
  if (filter.from_ms) where.compare("a.created_at", ">=", *filter.from_ms);
  if (filter.to_ms) where.compare("a.created_at", "<", *filter.to_ms);
  return where;
}

}  // namespace

std::vector<ActivityRecord> list_activity(Tx& tx, std::string_view account_id,
                                          const ActivityFilter& filter, std::int64_t limit) {
  Where where = activity_where(account_id, filter);
  if (filter.before_id) where.compare("a.id", "<", *filter.before_id);
  std::vector<ActivityRecord> out;
  for (Row& r : where.rows(tx, select_activity, "a.id DESC", limit)) out.push_back(activity_of(r));
  return out;
}

PageOf<ActivityRecord> page_activity(Tx& tx, std::string_view account_id,
                                     const ActivityFilter& filter, Page page) {
  Where where = activity_where(account_id, filter);
  PageOf<ActivityRecord> out;
  out.total = where.count(tx, "activity a");
  // By a.id: the joined key has an id too.
  for (Row& r : where.rows(tx, select_activity, "a.id DESC", page.limit, page.offset)) {
    out.items.push_back(activity_of(r));
  }
  return out;
}

std::int64_t prune_activity(Tx& tx, const std::string& before_id, std::int64_t limit) {
  return tx.exec(
      "DELETE FROM activity WHERE id IN (SELECT id FROM activity WHERE id < $1 ORDER BY id LIMIT "
      "$2)",
      {before_id, limit});
}

}  // namespace agentry::store
