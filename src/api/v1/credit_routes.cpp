#include "api/await_db.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/limits.hpp"
#include "domain/ledger.hpp"
#include "views/resources.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

asio::awaitable<http::Response> get_balance(Call& call) {
  auto wallet = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return ledger::wallet(tx, call.account_id()); });
  if (!wallet) co_return error_reply(call, wallet.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_balance(w, *wallet); });
}

// The admin reads an account's wallet: where a grant's Location points.
asio::awaitable<http::Response> get_account_balance(Call& call) {
  const std::string id = call.param("id");
  auto wallet =
      co_await db_read(call.services.db, [&](store::Tx& tx) { return ledger::wallet(tx, id); });
  if (!wallet) co_return error_reply(call, wallet.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_balance(w, *wallet); });
}

asio::awaitable<http::Response> get_history(Call& call) {
  auto limit = page_of(call);
  if (!limit) co_return error_reply(call, limit.error());
  auto cursor = cursor_of(call, "txf");
  if (!cursor) co_return error_reply(call, cursor.error());
  auto entries = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return ledger::history(tx, call.account_id(), *cursor, limit->limit + 1);
  });
  co_return cursor_list_reply(
      entries, limit->limit,
      [&call](JsonWriter& w, const store::HistoryEntry& e) {
        views::write_history_entry(w, e, call.account_id());
      },
      [](const store::HistoryEntry& e) { return e.transfer.id; });
}

// The admin grants (a positive amount) or deducts (a negative one) credits, with a reason.
asio::awaitable<http::Response> adjust_credits(Call& call) {
  const json::object& body = call.body.as_object();
  const json::value& amount = body.at("amount");
  const bool deduct = amount.to_number<double>() < 0;
  auto micro = micro_credits(deduct ? json::value(-amount.to_number<double>()) : amount, "amount");
  if (!micro) co_return error_reply(call, micro.error());
  if (*micro == 0) {
    co_return error_reply(call,
                          make_error(Errc::validation_error, "amount: must not be 0", "amount"));
  }
  const std::string id = call.param("id");
  const std::string reason(body.at("reason").as_string());
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return ledger::adjust(tx, id, deduct ? -*micro : *micro, reason, call.now_ms);
      },
      [&](const ledger::Adjusted& done) {
        const store::HistoryEntry entry{done.transfer, deduct ? -*micro : *micro, "mint",
                                        std::nullopt};
        http::Response r = data_reply(201, [&](JsonWriter& w) {
          w.begin_object().key("entry");
          views::write_history_entry(w, entry, id);
          w.key("balance");
          views::write_balance(w, done.wallet);
          w.end_object();
        });
        r.set_header("Location", "/v1/accounts/" + id + "/credits");
        return r;
      },
      ledger::isolation);
}

asio::awaitable<http::Response> check_ledger(Call& call) {
  const std::string_view engine = call.services.db.engine();
  auto audit =
      co_await db_read(call.services.db, [&](store::Tx& tx) { return ledger::audit(tx, engine); });
  co_return data_reply(200, [&](JsonWriter& w) { views::write_ledger_audit(w, audit); });
}

}  // namespace

std::vector<RouteSpec> credit_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "GET",
               .path = "/v1/credits/balance",
               .operation_id = "getCreditBalance",
               .tag = "Credits",
               .summary = "Your wallet: credits available, held in escrow, and used",
               .scope = "usage:read",
               .response_schema = data_of("CreditBalance"),
               .handler = get_balance});
  r.push_back({.method = "GET",
               .path = "/v1/credits/history",
               .operation_id = "getCreditHistory",
               .tag = "Credits",
               .summary = "Every movement of your credits, newest first (cursor-paged)",
               .scope = "usage:read",
               .query = cursor_query_params(),
               .response_schema = cursor_list_of(R"({"$ref": "#/components/schemas/CreditEntry"})"),
               .handler = get_history});
  r.push_back(
      {.method = "POST",
       .path = "/v1/accounts/{id}/credits",
       .operation_id = "adjustAccountCredits",
       .tag = "Credits",
       .summary = "Admin: grant (positive amount) or deduct (negative) credits, with a "
                  "reason; send an Idempotency-Key to make retries safe",
       .scope = "admin",
       .request_schema = R"({"type": "object", "additionalProperties": false,
                 "required": ["amount", "reason"], "properties": {
                 "amount": {"type": "number", "minimum": -1000000000, "maximum": 1000000000},
                 "reason": {"type": "string", "minLength": 1, "maxLength": 500}}})",
       .success_status = 201,
       .response_schema =
           R"({"type": "object", "required": ["data"], "properties": {"data": {"type": "object",
                 "required": ["entry", "balance"],
                 "properties": {"entry": {"$ref": "#/components/schemas/CreditEntry"},
                 "balance": {"$ref": "#/components/schemas/CreditBalance"}}}}})",
       .errors = {402},
       .handler = adjust_credits});
  r.push_back({.method = "GET",
               .path = "/v1/accounts/{id}/credits",
               .operation_id = "getAccountCredits",
               .tag = "Credits",
               .summary = "Admin: an account's wallet — credits available, held and used",
               .scope = "admin",
               .response_schema = data_of("CreditBalance"),
               .handler = get_account_balance});
  r.push_back({.method = "GET",
               .path = "/v1/admin/ledger/check",
               .operation_id = "checkLedger",
               .tag = "Credits",
               .summary = "Admin: verify the ledger's invariants (and SQLite's integrity)",
               .scope = "admin",
               .response_schema = data_of("LedgerCheck"),
               .handler = check_ledger});
  return r;
}

}  // namespace agentry::api::v1
