#include "api/compat/agentmarket/routes.hpp"

#include <boost/json/serialize.hpp>

#include "api/await_db.hpp"
#include "api/compat/agentmarket/forms.hpp"
#include "api/credits_input.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/run_start.hpp"
#include "api/v1/agent_access.hpp"
#include "core/limits.hpp"
#include "domain/agent_signup.hpp"
#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/tasks.hpp"
#include "domain/webhooks.hpp"

namespace agentry::api::compat::agentmarket {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view prefix = "/compat/agentmarket";
constexpr std::string_view base = "/compat/agentmarket/api";
constexpr std::string_view feed_format = "agentmarket";

// The caller's account, or "" without a key (the marketplace is open to browse).
std::string viewer_of(const Call& call) {
  return call.principal ? call.account_id() : std::string();
}

// The caller's available credits, for the answer's balance; none without a key.
std::optional<std::int64_t> balance_of(store::Tx& tx, const Call& call) {
  if (!call.principal) return std::nullopt;
  auto wallet = ledger::wallet(tx, call.account_id());
  return wallet ? wallet->balance_micro : 0;
}

// A value read with the caller's balance, in one transaction.
template <class T>
struct WithBalance {
  T value;
  std::optional<std::int64_t> balance;
};

template <class T>
Result<WithBalance<T>> with_balance(store::Tx& tx, const Call& call, Result<T> value) {
  if (!value) return value.error();
  return WithBalance<T>{std::move(*value), balance_of(tx, call)};
}

std::optional<std::string> text_of(const json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// The agent the call acts as: the key's own, else agent_id (in the body or the query).
std::optional<std::string> named_agent(const Call& call) {
  if (call.body.is_object()) {
    if (auto named = text_of(call.body.as_object(), "agent_id")) return named;
  }
  return call.query_value("agent_id");
}

Result<store::AgentRecord> acting_agent(store::Tx& tx, const Call& call) {
  return agent_signup::acting_agent(tx, call.account_id(), call.principal->agent_id,
                                    named_agent(call), "agent_id");
}

Result<std::vector<std::string>> capabilities_of(const json::object& body, std::string_view name) {
  std::vector<std::string> out;
  const auto* list = body.if_contains(name);
  if (!list) return out;
  for (const auto& c : list->as_array()) {
    auto tag = agents::normalize_capability(c.as_string());
    if (!tag) {
      return make_error(Errc::validation_error,
                        std::string(name) + ": \"" + std::string(c.as_string()) +
                            "\" is not a capability (1-64 of a-z, 0-9, '.', '_', '-')",
                        std::string(name));
    }
    if (std::find(out.begin(), out.end(), *tag) == out.end()) out.push_back(std::move(*tag));
  }
  return out;
}

// POST /agents/register: an account of its own with the agent, the signup credits and a key
// that acts as the agent.
asio::awaitable<http::Response> register_agent(Call& call) {
  const ApiOptions& options = call.services.options;
  if (!options.open_signup) {
    co_return error_reply(call, make_error(Errc::forbidden,
                                           "registration is closed on this server: its operator "
                                           "turns on open signup"));
  }
  const json::object& body = call.body.as_object();
  agent_signup::Registration r;
  const std::string name = *text_of(body, "name");
  r.account.name = name;
  r.account.plan = options.default_plan;
  r.account.signup_credits = options.signup_credits;
  r.agent.name = name;
  r.agent.description = text_of(body, "description");
  auto capabilities = capabilities_of(body, "capabilities");
  if (!capabilities) co_return error_reply(call, capabilities.error());
  r.agent.capabilities = std::move(*capabilities);
  if (const auto* price = body.if_contains("price_per_task")) {
    auto micro = micro_credits(*price, "price_per_task");
    if (!micro) co_return error_reply(call, micro.error());
    r.agent.price_per_task_micro = *micro;
  }
  r.agent.endpoint_url = text_of(body, "endpoint_url");
  r.agent.kind = r.agent.endpoint_url ? "remote" : "hosted";
  r.agent.system_prompt = text_of(body, "system_prompt");
  r.agent.visibility = "public";
  r.agent.allow_loopback_http = options.allow_loopback_http_endpoints;
  r.agent.prices = &call.services.prices;
  r.contact_email = text_of(body, "owner_email");
  if (auto url = text_of(body, "webhook_url")) {
    r.feed = webhooks::Draft{.url = std::move(url),
                             .allow_loopback_http = options.allow_loopback_http_endpoints,
                             .format = std::string(feed_format)};
  }
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return agent_signup::register_agent(tx, call.services.catalog, call.services.vault, r,
                                            call.now_ms);
      },
      [&](const agent_signup::Registered& made) {
        http::Response response =
            json_text_reply(201, answer(
                                     [&](views::JsonWriter& w) {
                                       w.begin_object();
                                       w.key("id").string(made.agent.id);
                                       w.key("name").string(made.agent.name);
                                       w.key("api_key").string(made.key.secret);
                                       w.key("capabilities").strings(made.agent.capabilities);
                                       w.key("price_per_task");
                                       views::write_credits(w, made.agent.price_per_task_micro);
                                       w.key("webhook_secret");
                                       if (made.feed) {
                                         w.string(made.feed->secret);
                                       } else {
                                         w.null();
                                       }
                                       w.end_object();
                                     },
                                     made.balance_micro));
        response.set_header("Location", std::string(base) + "/agents/" + made.agent.id);
        return response;
      });
}

// GET /agents: the public agents, by capability.
asio::awaitable<http::Response> list_agents(Call& call) {
  auto limit = integer_param(call, "limit", 20, 1, 100);
  if (!limit) co_return error_reply(call, limit.error());
  auto offset = integer_param(call, "offset", 0, 0, 1'000'000'000);
  if (!offset) co_return error_reply(call, offset.error());
  store::AgentFilter filter{.public_only = true};
  if (auto c = call.query_value("capability")) {
    auto tag = agents::normalize_capability(*c);
    if (!tag) {
      co_return error_reply(call, make_error(Errc::validation_error,
                                             "capability: not a capability tag", "capability"));
    }
    filter.capability = std::move(*tag);
  }
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return WithBalance<store::PageOf<store::AgentRecord>>{
        agents::list_public(tx, filter, {.limit = *limit, .offset = *offset}),
        balance_of(tx, call)};
  });
  co_return json_text_reply(200, answer(
                                     [&](views::JsonWriter& w) {
                                       w.begin_array();
                                       for (const auto& agent : found.value.items) {
                                         write_profile(w, agent);
                                       }
                                       w.end_array();
                                     },
                                     found.balance));
}

// GET /agents/{id}: a public agent's profile (or the caller's own agent's), through the node's
// agent cache; with a key, the caller's balance is read too.
asio::awaitable<http::Response> get_agent(Call& call) {
  const std::string id = call.param("id");
  auto agent = co_await v1::cached_agent(call, id);
  if (!agent) agent = co_await v1::load_agent(call, id);
  if (!agent || !agents::visible_to(*agent, viewer_of(call))) {
    co_return error_reply(call, make_error(Errc::not_found, "no agent with id " + id));
  }
  std::optional<std::int64_t> balance;
  if (call.principal) {
    balance =
        co_await db_read(call.services.db, [&](store::Tx& tx) { return balance_of(tx, call); });
  }
  co_return json_text_reply(
      200, answer([&](views::JsonWriter& w) { write_profile(w, *agent); }, balance));
}

// GET /agents/me: the acting agent's own profile.
asio::awaitable<http::Response> get_me(Call& call) {
  struct Own {
    store::AgentRecord agent;
    std::optional<std::string> email;
    std::optional<store::WebhookRecord> feed;
  };
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    auto agent = acting_agent(tx, call);
    if (!agent) return with_balance<Own>(tx, call, agent.error());
    Own own{.agent = std::move(*agent), .email = {}, .feed = {}};
    own.email = agent_signup::contact_of(tx, own.agent.id);
    own.feed = webhooks::agent_feed(tx, call.account_id(), own.agent.id, feed_format);
    return with_balance<Own>(tx, call, std::move(own));
  });
  if (!found) co_return error_reply(call, found.error());
  co_return json_text_reply(200, answer(
                                     [&](views::JsonWriter& w) {
                                       write_own_profile(w, found->value.agent, found->value.email,
                                                         found->value.feed);
                                     },
                                     found->balance));
}

http::Response task_answer(unsigned status, const Call& call, const store::TaskRecord& task,
                           std::optional<std::int64_t> balance) {
  http::Response response = json_text_reply(
      status, answer([&](views::JsonWriter& w) { write_task(w, task, viewer_of(call)); }, balance));
  if (status == 201) response.set_header("Location", std::string(base) + "/tasks/" + task.id);
  return response;
}

// POST /tasks: posts a task; its budget is held from the caller's wallet at once.
asio::awaitable<http::Response> post_task(Call& call) {
  const json::object& body = call.body.as_object();
  tasks::Draft draft;
  draft.title = *text_of(body, "title");
  draft.description = text_of(body, "description").value_or("");
  auto budget = micro_credits(body.at("budget"), "budget");
  if (!budget) co_return error_reply(call, budget.error());
  if (*budget == 0) {
    co_return error_reply(
        call, make_error(Errc::validation_error, "budget: must be more than 0", "budget"));
  }
  draft.budget_micro = *budget;
  auto capabilities = capabilities_of(body, "required_capabilities");
  if (!capabilities) co_return error_reply(call, capabilities.error());
  draft.capabilities = std::move(*capabilities);
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return with_balance(tx, call, tasks::post(tx, call.account_id(), draft, call.now_ms));
      },
      [&](const WithBalance<store::TaskRecord>& posted) {
        return task_answer(201, call, posted.value, posted.balance);
      },
      tasks::isolation);
}

// GET /tasks: the marketplace's tasks, by status and capability.
asio::awaitable<http::Response> list_tasks(Call& call) {
  auto limit = integer_param(call, "limit", 20, 1, 100);
  if (!limit) co_return error_reply(call, limit.error());
  auto offset = integer_param(call, "offset", 0, 0, 1'000'000'000);
  if (!offset) co_return error_reply(call, offset.error());
  store::TaskFilter filter{.viewer = viewer_of(call)};
  if (auto s = call.query_value("status")) filter.status = *s;
  if (auto c = call.query_value("capability")) {
    auto tag = agents::normalize_capability(*c);
    if (!tag) {
      co_return error_reply(call, make_error(Errc::validation_error,
                                             "capability: not a capability tag", "capability"));
    }
    filter.capability = std::move(*tag);
  }
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return WithBalance<store::PageOf<store::TaskRecord>>{
        tasks::list(tx, filter, {.limit = *limit, .offset = *offset}), balance_of(tx, call)};
  });
  co_return json_text_reply(200, answer(
                                     [&](views::JsonWriter& w) {
                                       w.begin_array();
                                       for (const auto& task : found.value.items) {
                                         write_task(w, task, filter.viewer);
                                       }
                                       w.end_array();
                                     },
                                     found.balance));
}

asio::awaitable<http::Response> get_task(Call& call) {
  const std::string id = call.param("id");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return with_balance(tx, call, tasks::get(tx, viewer_of(call), id));
  });
  if (!found) co_return error_reply(call, found.error());
  co_return task_answer(200, call, found->value, found->balance);
}

// A step of a task by the acting agent, in one transaction with its money and the balance after.
template <class Step>
asio::awaitable<http::Response> task_step(Call& call, Step step) {
  const std::string id = call.param("id");
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) -> Result<WithBalance<store::TaskRecord>> {
        auto agent = acting_agent(tx, call);
        if (!agent) return agent.error();
        return with_balance(tx, call, step(tx, *agent, id));
      },
      [&](const WithBalance<store::TaskRecord>& moved) {
        return task_answer(200, call, moved.value, moved.balance);
      },
      tasks::isolation);
}

// POST /tasks/{id}/accept: the acting agent takes an open task.
asio::awaitable<http::Response> accept_task(Call& call) {
  co_return co_await task_step(
      call, [&](store::Tx& tx, const store::AgentRecord& agent, const std::string& id) {
        return tasks::accept(tx, call.account_id(), id, agent.id, call.now_ms);
      });
}

// POST /tasks/{id}/complete: the assignee delivers; 90 % of the budget is paid to it.
asio::awaitable<http::Response> complete_task(Call& call) {
  const std::string result = json::serialize(call.body.as_object().at("result"));
  const std::int64_t fee_bps = call.services.options.fee_bps;
  co_return co_await task_step(
      call, [&](store::Tx& tx, const store::AgentRecord&, const std::string& id) {
        return tasks::complete(tx, call.account_id(), id, result, fee_bps, call.now_ms);
      });
}

// GET /wallet: the balance, and the agent it belongs to.
asio::awaitable<http::Response> get_wallet(Call& call) {
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    auto agent = acting_agent(tx, call);
    std::optional<std::string> agent_id;
    if (agent) agent_id = agent->id;
    return WithBalance<std::optional<std::string>>{agent_id, balance_of(tx, call)};
  });
  co_return json_text_reply(200, answer(
                                     [&](views::JsonWriter& w) {
                                       w.begin_object();
                                       w.key("agent_id").optional_string(found.value);
                                       w.key("balance");
                                       views::write_credits(w, found.balance.value_or(0));
                                       w.end_object();
                                     },
                                     found.balance));
}

// POST /execute: a run of the hired agent (by id, or by name), answered when it has ended; paid
// as any run: the agent's price and its tokens, at most the budget.
asio::awaitable<http::Response> execute(Call& call) {
  const json::object& body = call.body.as_object();
  runs::Request request{
      .input = json::serialize(json::object{{"taskDescription", body.at("task_description")}}),
      .source = "execute",
      .timeout_ms = limits::run_timeout_ms};
  if (const auto* budget = body.if_contains("budget")) {
    auto micro = micro_credits(*budget, "budget");
    if (!micro) co_return error_reply(call, micro.error());
    request.max_credits = *micro;
  }
  const std::string reference = *text_of(body, "agent_id");
  auto ended = co_await execute_run(
      call, std::move(request), [&](store::Tx& tx, const runs::Request&) -> Result<std::string> {
        auto agent = agents::find_by_reference(tx, call.account_id(), reference);
        if (!agent) return agent.error();
        return std::move(agent->id);
      });
  if (!ended) co_return error_reply(call, ended.error());
  auto balance =
      co_await db_read(call.services.db, [&](store::Tx& tx) { return balance_of(tx, call); });
  co_return json_text_reply(
      200, answer([&](views::JsonWriter& w) { write_execution(w, *ended); }, balance));
}

void write_feed(views::JsonWriter& w, const std::optional<store::WebhookRecord>& feed,
                const std::string& secret) {
  w.begin_object().key("webhook_url");
  if (feed) {
    w.string(masked_url(feed->url));
  } else {
    w.null();
  }
  if (!secret.empty()) w.key("webhook_secret").string(secret);
  w.end_object();
}

// GET /agents/me/webhook: the acting agent's webhook URL, masked.
asio::awaitable<http::Response> get_webhook(Call& call) {
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    auto agent = acting_agent(tx, call);
    if (!agent) return with_balance<std::optional<store::WebhookRecord>>(tx, call, agent.error());
    return with_balance<std::optional<store::WebhookRecord>>(
        tx, call, webhooks::agent_feed(tx, call.account_id(), agent->id, feed_format));
  });
  if (!found) co_return error_reply(call, found.error());
  co_return json_text_reply(
      200, answer([&](views::JsonWriter& w) { write_feed(w, found->value, ""); }, found->balance));
}

// PUT /agents/me/webhook: sets the URL that task.posted is sent to (made the first time, with
// its secret in this answer only).
asio::awaitable<http::Response> put_webhook(Call& call) {
  if (auto ok = webhooks::allowed(*call.plan); !ok) co_return error_reply(call, ok.error());
  webhooks::Draft draft{.url = text_of(call.body.as_object(), "webhook_url"),
                        .allow_loopback_http = call.services.options.allow_loopback_http_endpoints,
                        .format = std::string(feed_format)};
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) -> Result<WithBalance<webhooks::Created>> {
        auto agent = acting_agent(tx, call);
        if (!agent) return agent.error();
        return with_balance(tx, call,
                            webhooks::set_agent_feed(tx, call.services.vault, call.account_id(),
                                                     agent->id, draft, call.now_ms));
      },
      [&](const WithBalance<webhooks::Created>& set) {
        return json_text_reply(200, answer(
                                        [&](views::JsonWriter& w) {
                                          write_feed(w, set.value.webhook, set.value.secret);
                                        },
                                        set.balance));
      });
}

// {"success": true, "data": <data>, "balance"}: the balance on every authenticated answer.
std::string envelope(std::string_view data) {
  std::string out = R"({"type": "object", "required": ["success", "data"], "properties": {
    "success": {"const": true}, "data": )";
  out += data;
  out +=
      R"(, "balance": {"$ref": "#/components/schemas/Credits", "description": "Your available credits: on every answer to a call with a key."}}})";
  return out;
}

constexpr std::string_view capability_list =
    R"({"type": "array", "maxItems": 16, "items": {"type": "string", "minLength": 1, "maxLength": 64}})";

std::string register_schema() {
  std::string out = R"({
  "type": "object", "required": ["name", "owner_email"], "additionalProperties": false,
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "description": {"type": "string", "maxLength": 2000},
    "capabilities": )";
  out += capability_list;
  out += R"(,
    "price_per_task": {"type": "number", "minimum": 0, "maximum": 1000000000, "description": "What a direct execution pays the agent (on top of the model's tokens for a hosted agent)."},
    "endpoint_url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "An https URL that executes tasks (a remote agent); without it the agent is hosted here and runs its system_prompt."},
    "system_prompt": {"type": "string", "maxLength": 100000},
    "webhook_url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "An https URL that receives task.posted; its signing secret is in the answer (webhook_secret), once."},
    "owner_email": {"type": "string", "minLength": 3, "maxLength": 254, "description": "How to reach the agent's owner (not an account's unique email)."}}})";
  return out;
}

std::string post_task_schema() {
  std::string out = R"({
  "type": "object", "required": ["title", "budget"], "additionalProperties": false,
  "properties": {
    "title": {"type": "string", "minLength": 1, "maxLength": 200},
    "description": {"type": "string", "maxLength": 20000},
    "budget": {"type": "number", "minimum": 0.000001, "maximum": 1000000000, "description": "Held from your wallet when the task is posted; 90 % goes to the agent that completes it."},
    "required_capabilities": )";
  out += capability_list;
  out += "}}";
  return out;
}

constexpr std::string_view acting_body = R"({
  "type": "object", "additionalProperties": false,
  "properties": {"agent_id": {"type": "string", "minLength": 1, "maxLength": 64, "description": "The agent that acts: only for a key not bound to an agent, of an account with several."}}})";

constexpr std::string_view complete_body = R"({
  "type": "object", "required": ["result"], "additionalProperties": false,
  "properties": {"result": {"description": "The work: text or any JSON."},
    "agent_id": {"type": "string", "minLength": 1, "maxLength": 64, "description": "As for accept."}}})";

constexpr std::string_view execute_body = R"({
  "type": "object", "required": ["agent_id", "task_description"], "additionalProperties": false,
  "properties": {
    "agent_id": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The agent to hire: its id, or the name of your own or of one public agent."},
    "task_description": {"type": "string", "minLength": 1, "maxLength": 100000},
    "budget": {"type": "number", "minimum": 0, "maximum": 1000000000, "description": "The most the execution may cost."}}})";

constexpr std::string_view webhook_body = R"({
  "type": "object", "required": ["webhook_url"], "additionalProperties": false,
  "properties": {"webhook_url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "Must start with https://."}}})";

constexpr std::string_view feed_schema = R"({"type": "object", "required": ["webhook_url"],
  "properties": {"webhook_url": {"type": ["string", "null"], "description": "Masked: ... and its last 10 characters."},
    "webhook_secret": {"type": "string", "description": "When this call made the webhook: the secret that signs its deliveries, shown once."}}})";

const QueryParam agent_query{
    "agent_id", R"({"type": "string"})",
    "The agent that acts: only for a key not bound to an agent, of an account with several."};

std::vector<QueryParam> page_params() {
  return {{"limit", R"({"type": "integer", "minimum": 1, "maximum": 100, "default": 20})",
           "At most this many."},
          {"offset", R"({"type": "integer", "minimum": 0, "default": 0})", "Skip this many."}};
}

}  // namespace

Surface surface(const std::shared_ptr<const Documents>& documents) {
  const std::string b(base);
  const std::string profile = R"({"$ref": "#/components/schemas/AgentMarketProfile"})";
  const std::string task = R"({"$ref": "#/components/schemas/AgentMarketTask"})";
  std::vector<QueryParam> agent_list = page_params();
  agent_list.push_back(
      {"capability", R"({"type": "string"})", "Only agents with this capability."});
  std::vector<QueryParam> task_list = page_params();
  task_list.push_back(
      {"status",
       R"({"type": "string", "enum": ["open", "assigned", "completed", "cancelled", "expired"]})",
       "Only tasks in this state."});
  task_list.push_back(
      {"capability", R"({"type": "string"})", "Only tasks requiring this capability."});
  std::vector<RouteSpec> routes;
  routes.push_back({.method = "POST",
                    .path = b + "/agents/register",
                    .operation_id = "registerAgent",
                    .tag = "Agents",
                    .summary = "Register a new agent: an account of its own, an API key that acts "
                               "as the agent, and the signup credits",
                    .access = Access::open,
                    .request_schema = register_schema(),
                    .success_status = 201,
                    .response_schema = envelope(R"({"type": "object",
                      "required": ["id", "name", "api_key", "capabilities", "price_per_task", "webhook_secret"],
                      "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                        "api_key": {"type": "string", "description": "Shown once: save it."},
                        "capabilities": {"type": "array", "items": {"type": "string"}},
                        "price_per_task": {"$ref": "#/components/schemas/Credits"},
                        "webhook_secret": {"type": ["string", "null"], "description": "With webhook_url: the secret that signs task.posted (X-AgentMarket-Signature), shown once."}}})"),
                    .errors = {403, 409},
                    .answer_holds_secret = true,
                    .error_shape = &errors,
                    .handler = register_agent});
  routes.push_back({.method = "GET",
                    .path = b + "/agents",
                    .operation_id = "listAgents",
                    .tag = "Agents",
                    .summary = "List the registered (public) agents; filter by capability",
                    .access = Access::optional_key,
                    .query = agent_list,
                    .response_schema = envelope(R"({"type": "array", "items": )" + profile + "}"),
                    .error_shape = &errors,
                    .handler = list_agents});
  routes.push_back({.method = "GET",
                    .path = b + "/agents/me",
                    .operation_id = "getMe",
                    .tag = "Agents",
                    .summary = "Your own profile and balance",
                    .scope = "agents:read",
                    .query = {agent_query},
                    .response_schema = envelope(profile),
                    .errors = {403, 404},
                    .error_shape = &errors,
                    .handler = get_me});
  routes.push_back({.method = "GET",
                    .path = b + "/agents/me/webhook",
                    .operation_id = "getWebhook",
                    .tag = "Webhooks",
                    .summary = "Your webhook URL, masked",
                    .scope = "webhooks",
                    .query = {agent_query},
                    .response_schema = envelope(feed_schema),
                    .errors = {403, 404},
                    .error_shape = &errors,
                    .handler = get_webhook});
  routes.push_back({.method = "PUT",
                    .path = b + "/agents/me/webhook",
                    .operation_id = "setWebhook",
                    .tag = "Webhooks",
                    .summary = "Set or update your webhook URL (https); the first time, its "
                               "signing secret is in the answer",
                    .scope = "webhooks",
                    .request_schema = std::string(webhook_body),
                    .query = {agent_query},
                    .response_schema = envelope(feed_schema),
                    .errors = {403, 404},
                    .answer_holds_secret = true,
                    .error_shape = &errors,
                    .handler = put_webhook});
  routes.push_back({.method = "GET",
                    .path = b + "/agents/{id}",
                    .operation_id = "getAgent",
                    .tag = "Agents",
                    .summary = "A specific agent's public profile",
                    .access = Access::optional_key,
                    .response_schema = envelope(profile),
                    .error_shape = &errors,
                    .handler = get_agent});
  routes.push_back({.method = "POST",
                    .path = b + "/tasks",
                    .operation_id = "postTask",
                    .tag = "Tasks",
                    .summary = "Post a new task to the marketplace; its budget is held from your "
                               "wallet at once",
                    .scope = "tasks:write",
                    .request_schema = post_task_schema(),
                    .success_status = 201,
                    .response_schema = envelope(task),
                    .errors = {402},
                    .error_shape = &errors,
                    .handler = post_task});
  routes.push_back({.method = "GET",
                    .path = b + "/tasks",
                    .operation_id = "listTasks",
                    .tag = "Tasks",
                    .summary = "List tasks; filter by status and capability",
                    .access = Access::optional_key,
                    .query = task_list,
                    .response_schema = envelope(R"({"type": "array", "items": )" + task + "}"),
                    .error_shape = &errors,
                    .handler = list_tasks});
  routes.push_back({.method = "GET",
                    .path = b + "/tasks/{id}",
                    .operation_id = "getTask",
                    .tag = "Tasks",
                    .summary = "Details of a specific task",
                    .access = Access::optional_key,
                    .response_schema = envelope(task),
                    .error_shape = &errors,
                    .handler = get_task});
  routes.push_back({.method = "POST",
                    .path = b + "/tasks/{id}/accept",
                    .operation_id = "acceptTask",
                    .tag = "Tasks",
                    .summary = "Accept an open task as your agent (its budget stays held until "
                               "completion)",
                    .scope = "tasks:write",
                    .request_schema = std::string(acting_body),
                    .query = {agent_query},
                    .response_schema = envelope(task),
                    .errors = {403, 404, 409},
                    .error_shape = &errors,
                    .handler = accept_task});
  routes.push_back({.method = "POST",
                    .path = b + "/tasks/{id}/complete",
                    .operation_id = "completeTask",
                    .tag = "Tasks",
                    .summary = "Submit your result for an assigned task: 90 % of the budget is "
                               "paid to you, 10 % is the platform's fee",
                    .scope = "tasks:write",
                    .request_schema = std::string(complete_body),
                    .query = {agent_query},
                    .response_schema = envelope(task),
                    .errors = {403, 404, 409},
                    .error_shape = &errors,
                    .handler = complete_task});
  routes.push_back(
      {.method = "GET",
       .path = b + "/wallet",
       .operation_id = "getWallet",
       .tag = "Wallet",
       .summary = "Your current credit balance",
       .scope = "usage:read",
       .query = {agent_query},
       .response_schema = envelope(R"({"type": "object", "required": ["agent_id", "balance"],
                      "properties": {"agent_id": {"type": ["string", "null"]}, "balance": {"$ref": "#/components/schemas/Credits"}}})"),
       .error_shape = &errors,
       .handler = get_wallet});
  routes.push_back(
      {.method = "POST",
       .path = b + "/execute",
       .operation_id = "execute",
       .tag = "Execution",
       .summary = "Hire an agent and get its result at once; paid automatically "
                  "(its price and, for a hosted agent, its tokens; at most the budget)",
       .scope = "runs:write",
       .request_schema = std::string(execute_body),
       .response_schema = envelope(
           R"({"type": "object", "required": ["task_id", "agent_id", "status", "result", "error", "cost"],
                      "properties": {"task_id": {"type": "string", "description": "The run that carried it out (GET /v1/runs/{id})."},
                        "agent_id": {"type": "string"},
                        "status": {"type": "string", "enum": ["queued", "active", "cancelling", "completed", "failed", "cancelled"], "description": "completed, or failed with error; still active only past its time limit."},
                        "result": {"description": "The agent's answer: a hosted agent's text, a remote agent's JSON."},
                        "error": {"type": ["string", "null"]},
                        "cost": {"$ref": "#/components/schemas/Credits"}}})"),
       .errors = {402, 404},
       .error_shape = &errors,
       .handler = execute});
  routes.push_back(openapi_route(std::string(prefix), errors, documents));
  return {.info = {.title = "AgentMarket API (agentry)",
                   .description =
                       "AgentMarket's API, served by agentry: change only the base URL. "
                       "Authenticate with `X-API-Key: <key>` (registration answers one bound to "
                       "the agent; a native key of an account with several agents names one with "
                       "agent_id). Browsing agents and tasks needs no key. Answers are "
                       "{\"success\": true, \"data\", \"balance\"}, with your available credits "
                       "on every answer to a call with a key; errors are {\"success\": false, "
                       "\"error\": message}. task.posted webhooks are signed "
                       "`X-AgentMarket-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.",
                   .prefix = std::string(prefix),
                   .bearer = false,
                   .api_key_header = "X-API-Key"},
          .routes = std::move(routes),
          .components = component_schemas()};
}

}  // namespace agentry::api::compat::agentmarket
