#include <boost/json/array.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/credits_input.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/accounts.hpp"
#include "domain/agents.hpp"
#include "domain/scopes.hpp"
#include "views/resources.hpp"

namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

bool is_admin_call(const Call& call) {
  return call.principal && scopes::allows(call.principal->scopes, "admin");
}

asio::awaitable<http::Response> create_account(Call& call) {
  const ApiOptions& options = call.services.options;
  if (!call.principal && !options.open_signup) {
    co_return error_reply(
        call, make_error(Errc::missing_api_key, "creating an account needs an admin key"));
  }
  const bool admin = is_admin_call(call);
  if (call.principal && !admin && !options.open_signup) {
    co_return error_reply(call, make_error(Errc::insufficient_scope,
                                           "creating an account needs the \"admin\" scope"));
  }
  accounts::NewAccount account;
  account.name = *call.body_string("name");
  account.handle = call.body_string("handle");
  account.email = call.body_string("email");
  account.plan = call.body_string("plan").value_or(options.default_plan);
  account.signup_credits = options.signup_credits;
  if (!admin && account.plan != options.default_plan) {
    co_return error_reply(
        call,
        make_error(Errc::forbidden, "only an admin can choose the plan of a new account", "plan"));
  }
  accounts::NewKey key;
  key.name = call.body_string("keyName").value_or("default");
  std::string unknown;
  key.scopes = *scopes::normalize({"read-write"}, unknown);
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return accounts::create(tx, call.services.catalog, account, key, call.now_ms);
      },
      [&](const accounts::CreatedAccount& created) {
        const plans::Plan* plan = call.services.catalog.find(created.account.plan);
        http::Response r = data_reply(201, [&](JsonWriter& w) {
          w.begin_object().key("account");
          views::write_account(w, created.account, plan);
          w.key("apiKey");
          views::write_api_key(w, created.key.record, created.key.secret);
          w.end_object();
        });
        r.set_header("Location", "/v1/accounts/" + created.account.id);
        return r;
      });
}

asio::awaitable<http::Response> get_own_account(Call& call) {
  auto own = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return accounts::overview(tx, call.account_id(), call.now_ms);
  });
  if (!own) co_return error_reply(call, own.error());
  co_return data_reply(
      200, [&](JsonWriter& w) { views::write_account(w, own->account, call.plan, &*own); });
}

asio::awaitable<http::Response> update_own_account(Call& call) {
  accounts::OwnChange change;
  change.name = call.body_string("name");
  change.handle = call.body_string("handle");
  if (const auto* threshold = call.body.as_object().if_contains("lowBalanceThreshold")) {
    if (threshold->is_null()) {
      change.low_balance_threshold_micro = 0;
    } else {
      auto micro = micro_credits(*threshold, "lowBalanceThreshold");
      if (!micro) co_return error_reply(call, micro.error());
      change.low_balance_threshold_micro = *micro;
    }
  }
  auto own = co_await call_write(call, [&](store::Tx& tx) {
    return accounts::change_own(tx, call.account_id(), change, call.now_ms);
  });
  if (!own) co_return error_reply(call, own.error());
  co_return data_reply(
      200, [&](JsonWriter& w) { views::write_account(w, own->account, call.plan, &*own); });
}

asio::awaitable<http::Response> list_accounts(Call& call) {
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found =
      co_await db_read(call.services.db, [&](store::Tx& tx) { return accounts::list(tx, *page); });
  const plans::Catalog& catalog = call.services.catalog;
  co_return list_reply(
      found.items,
      [&catalog](JsonWriter& w, const store::AccountRecord& a) {
        views::write_account(w, a, catalog.find(a.plan));
      },
      found.total, *page);
}

asio::awaitable<http::Response> get_account(Call& call) {
  const std::string id = call.param("id");
  auto account =
      co_await db_read(call.services.db, [&](store::Tx& tx) { return accounts::find(tx, id); });
  if (!account) co_return error_reply(call, account.error());
  const plans::Plan* plan = call.services.catalog.find(account->plan);
  co_return data_reply(200, [&](JsonWriter& w) { views::write_account(w, *account, plan); });
}

asio::awaitable<http::Response> update_account(Call& call) {
  accounts::AccountChange change;
  change.name = call.body_string("name");
  change.plan = call.body_string("plan");
  const std::string id = call.param("id");
  auto updated = co_await call_write(call, [&](store::Tx& tx) {
    return accounts::change(tx, call.services.catalog, id, change, call.now_ms);
  });
  if (!updated) co_return error_reply(call, updated.error());
  const plans::Plan* plan = call.services.catalog.find(updated->plan);
  co_return data_reply(200, [&](JsonWriter& w) { views::write_account(w, *updated, plan); });
}

asio::awaitable<http::Response> list_plans(Call& call) {
  std::vector<plans::Plan> catalog;
  for (const plans::Plan& p : call.services.catalog.all()) {
    if (p.assignable) catalog.push_back(p);
  }
  const auto total = static_cast<std::int64_t>(catalog.size());
  co_return list_reply(catalog, views::write_plan, total, {total == 0 ? 1 : total, 0});
}

// The token prices of hosted runs; the default model is marked.
asio::awaitable<http::Response> list_prices(Call& call) {
  const auto& all = call.services.prices.all();
  const auto total = static_cast<std::int64_t>(all.size());
  co_return list_reply(all, views::write_model_price, total, {total == 0 ? 1 : total, 0});
}

constexpr std::string_view create_account_schema = R"({
  "type": "object", "additionalProperties": false, "required": ["name"],
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "handle": {"type": "string", "minLength": 2, "maxLength": 39, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Names the account in model names (<handle>/<agent-name>); unique; made from the name when absent."},
    "email": {"type": "string", "format": "email", "maxLength": 254},
    "plan": {"type": "string", "maxLength": 64, "description": "Admins only; defaults to the configured default plan."},
    "keyName": {"type": "string", "minLength": 1, "maxLength": 100}
  }})";

constexpr std::string_view update_own_account_schema = R"({
  "type": "object", "additionalProperties": false, "minProperties": 1,
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "handle": {"type": "string", "minLength": 2, "maxLength": 39, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Names the account in model names (<handle>/<agent-name>); unique; the old handle is free at once."},
    "lowBalanceThreshold": {"type": ["number", "null"], "minimum": 0, "maximum": 1000000000, "description": "Emit credits.low when the available balance falls below this many credits; 0 or null: never."}
  }})";

constexpr std::string_view update_account_schema = R"({
  "type": "object", "additionalProperties": false, "minProperties": 1,
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "plan": {"type": "string", "maxLength": 64}
  }})";

}  // namespace

std::vector<RouteSpec> account_routes() {
  std::vector<RouteSpec> r;
  r.push_back({.method = "POST",
               .path = "/v1/accounts",
               .operation_id = "createAccount",
               .tag = "Accounts",
               .summary = "Create an account and its first API key (admin, or anyone with open "
                          "signup)",
               .access = Access::optional_key,
               .request_schema = std::string(create_account_schema),
               .success_status = 201,
               .response_schema = data_of("AccountCreated"),
               .errors = {403, 409},
               .answer_holds_secret = true,
               .handler = create_account});
  r.push_back({.method = "GET",
               .path = "/v1/account",
               .operation_id = "getAccount",
               .tag = "Accounts",
               .summary = "The calling key's account, plan, limits and usage",
               .response_schema = data_of("Account"),
               .handler = get_own_account});
  r.push_back({.method = "PATCH",
               .path = "/v1/account",
               .operation_id = "updateOwnAccount",
               .tag = "Accounts",
               .summary = "Change your account's name, handle or low-balance threshold",
               .scope = "account:write",
               .request_schema = std::string(update_own_account_schema),
               .response_schema = data_of("Account"),
               .handler = update_own_account});
  r.push_back({.method = "GET",
               .path = "/v1/accounts",
               .operation_id = "listAccounts",
               .tag = "Accounts",
               .summary = "List every account (admin)",
               .scope = "admin",
               .query = page_query_params(),
               .response_schema = list_of("Account"),
               .handler = list_accounts});
  r.push_back({.method = "GET",
               .path = "/v1/accounts/{id}",
               .operation_id = "getAccountById",
               .tag = "Accounts",
               .summary = "Read an account (admin)",
               .scope = "admin",
               .response_schema = data_of("Account"),
               .handler = get_account});
  r.push_back({.method = "PATCH",
               .path = "/v1/accounts/{id}",
               .operation_id = "updateAccount",
               .tag = "Accounts",
               .summary = "Rename an account or change its plan (admin)",
               .scope = "admin",
               .request_schema = std::string(update_account_schema),
               .response_schema = data_of("Account"),
               .handler = update_account});
  r.push_back({.method = "GET",
               .path = "/v1/plans",
               .operation_id = "listPlans",
               .tag = "Accounts",
               .summary = "The plans an account can be on",
               .access = Access::open,
               .response_schema = list_of("Plan"),
               .handler = list_plans});
  r.push_back({.method = "GET",
               .path = "/v1/pricing",
               .operation_id = "listModelPrices",
               .tag = "Accounts",
               .summary = "Token prices of hosted runs, in credits per million tokens",
               .access = Access::open,
               .response_schema = list_of("ModelPrice"),
               .handler = list_prices});
  return r;
}

}  // namespace agentry::api::v1
