#include <boost/json/array.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/idempotent_reply.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/webhooks.hpp"
#include "runtime/delivery_worker.hpp"
#include "views/resources.hpp"

// /v1/webhooks: endpoints that receive the account's events, their signing secrets and their
// deliveries. Every route needs the webhooks scope and a plan with the webhooks feature.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

// The body's fields as a domain draft. The schema has already checked every type.
webhooks::Draft draft_of(const Call& call) {
  const json::object& body = call.body.as_object();
  webhooks::Draft d;
  d.allow_loopback_http = call.services.options.allow_loopback_http_endpoints;
  if (const auto* v = body.if_contains("url")) d.url = std::string(v->as_string());
  if (const auto* v = body.if_contains("eventTypes")) {
    d.event_types.emplace();
    for (const auto& t : v->as_array()) d.event_types->emplace_back(t.as_string());
  }
  if (const auto* v = body.if_contains("agentId")) {
    d.agent_id = v->is_null() ? std::string() : std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("description")) d.description = std::string(v->as_string());
  if (const auto* v = body.if_contains("enabled")) d.enabled = v->as_bool();
  return d;
}

// The plan's gate, before anything else a webhook route does.
std::optional<http::Response> refused(const Call& call) {
  if (!call.plan) return std::nullopt;
  if (auto ok = webhooks::allowed(*call.plan); !ok) return error_reply(call, ok.error());
  return std::nullopt;
}

http::Response webhook_reply(unsigned status, const store::WebhookRecord& w,
                             const std::optional<std::string>& secret = std::nullopt) {
  return data_reply(status, [&](JsonWriter& jw) { views::write_webhook(jw, w, secret); });
}

http::Response delivery_reply(const store::DeliveryRecord& d) {
  return data_reply(202, [&](JsonWriter& w) { views::write_delivery(w, d); });
}

asio::awaitable<http::Response> create_webhook(Call& call) {
  if (auto no = refused(call)) co_return std::move(*no);
  const webhooks::Draft draft = draft_of(call);
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return webhooks::create(tx, call.services.vault, call.account_id(), draft, call.now_ms);
      },
      [](const webhooks::Created& created) {
        http::Response r = webhook_reply(201, created.webhook, created.secret);
        r.set_header("Location", "/v1/webhooks/" + created.webhook.id);
        return r;
      });
}

asio::awaitable<http::Response> list_webhooks(Call& call) {
  if (auto no = refused(call)) co_return std::move(*no);
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return webhooks::list(tx, call.account_id(), *page);
  });
  co_return list_reply(
      found.items, [](JsonWriter& w, const store::WebhookRecord& h) { views::write_webhook(w, h); },
      found.total, *page);
}

asio::awaitable<http::Response> get_webhook(Call& call) {
  if (auto no = refused(call)) co_return std::move(*no);
  const std::string id = call.param("id");
  auto found = co_await db_read(
      call.services.db, [&](store::Tx& tx) { return webhooks::get(tx, call.account_id(), id); });
  if (!found) co_return error_reply(call, found.error());
  co_return webhook_reply(200, *found);
}

asio::awaitable<http::Response> update_webhook(Call& call) {
  if (auto no = refused(call)) co_return std::move(*no);
  const std::string id = call.param("id");
  const webhooks::Draft draft = draft_of(call);
  auto updated = co_await call_write(call, [&](store::Tx& tx) {
    return webhooks::update(tx, call.account_id(), id, draft, call.now_ms);
  });
  if (!updated) co_return error_reply(call, updated.error());
  co_return webhook_reply(200, *updated);
}

asio::awaitable<http::Response> delete_webhook(Call& call) {
  if (auto no = refused(call)) co_return std::move(*no);
  const std::string id = call.param("id");
  auto removed = co_await call_write(
      call, [&](store::Tx& tx) { return webhooks::remove(tx, call.account_id(), id); });
  if (!removed) co_return error_reply(call, removed.error());
  http::Response r;
  r.status = 204;
  co_return r;
}

asio::awaitable<http::Response> rotate_secret(Call& call) {
  if (auto no = refused(call)) co_return std::move(*no);
  const std::string id = call.param("id");
  co_return co_await write_reply(
      call,
      [&](store::Tx& tx) {
        return webhooks::rotate_secret(tx, call.services.vault, call.account_id(), id, call.now_ms);
      },
      [](const webhooks::Created& rotated) {
        return webhook_reply(200, rotated.webhook, rotated.secret);
      });
}

// Queues a delivery with `queue` and wakes this node's delivery worker.
template <class Queue>
asio::awaitable<http::Response> queue_delivery(Call& call, Queue queue) {
  if (auto no = refused(call)) co_return std::move(*no);
  http::Response r = co_await write_reply(call, queue, delivery_reply);
  if (r.status == 202) call.services.deliveries.wake();
  co_return r;
}

asio::awaitable<http::Response> test_webhook(Call& call) {
  const std::string id = call.param("id");
  co_return co_await queue_delivery(call, [&](store::Tx& tx) {
    return webhooks::send_test(tx, call.account_id(), id, call.now_ms);
  });
}

asio::awaitable<http::Response> redeliver(Call& call) {
  const std::string id = call.param("id");
  const std::string delivery = call.param("deliveryId");
  co_return co_await queue_delivery(call, [&](store::Tx& tx) {
    return webhooks::redeliver(tx, call.account_id(), id, delivery, call.now_ms);
  });
}

asio::awaitable<http::Response> list_deliveries(Call& call) {
  if (auto no = refused(call)) co_return std::move(*no);
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto cursor = cursor_of(call, "dlv");
  if (!cursor) co_return error_reply(call, cursor.error());
  const std::string id = call.param("id");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return webhooks::deliveries(tx, call.account_id(), id, *cursor, page->limit + 1);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return cursor_list_reply(*found, page->limit, views::write_delivery,
                              [](const store::DeliveryRecord& d) { return d.id; });
}

constexpr std::string_view webhook_properties = R"(
    "url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "https URL that receives the events (POST, JSON)."},
    "eventTypes": {"type": "array", "minItems": 1, "maxItems": 32, "items": {"type": "string", "minLength": 1, "maxLength": 64}, "description": "Event types, prefixes such as run.* or * (every event)."},
    "agentId": {"type": ["string", "null"], "maxLength": 64, "description": "Only events about this agent of yours; with task.posted, also other accounts' open tasks needing one of its capabilities. null clears it."},
    "description": {"type": "string", "maxLength": 500})";

std::string webhook_schema(bool create) {
  return std::string(R"({"type": "object", "additionalProperties": false, )") +
         (create ? R"("required": ["url", "eventTypes"], )" : R"("minProperties": 1, )") +
         R"("properties": {)" + std::string(webhook_properties) +
         (create
              ? ""
              : R"(, "enabled": {"type": "boolean", "description": "false pauses deliveries; true re-enables a disabled endpoint."})") +
         "}}";
}

RouteSpec webhook_route(RouteSpec r) {
  r.tag = "Webhooks";
  r.scope = "webhooks";
  r.errors.push_back(403);
  return r;
}

}  // namespace

std::vector<RouteSpec> webhook_routes() {
  std::vector<RouteSpec> r;
  r.push_back(webhook_route(
      {.method = "POST",
       .path = "/v1/webhooks",
       .operation_id = "createWebhook",
       .summary = "Register an endpoint for your events; the answer shows its signing secret "
                  "once (needs a plan with webhooks)",
       .request_schema = webhook_schema(true),
       .success_status = 201,
       .response_schema = data_of("Webhook"),
       .answer_holds_secret = true,
       .handler = create_webhook}));
  r.push_back(webhook_route({.method = "GET",
                             .path = "/v1/webhooks",
                             .operation_id = "listWebhooks",
                             .summary = "Your webhook endpoints",
                             .query = page_query_params(),
                             .response_schema = list_of("Webhook"),
                             .handler = list_webhooks}));
  r.push_back(webhook_route({.method = "GET",
                             .path = "/v1/webhooks/{id}",
                             .operation_id = "getWebhook",
                             .summary = "Read an endpoint (never its secret)",
                             .response_schema = data_of("Webhook"),
                             .handler = get_webhook}));
  r.push_back(webhook_route({.method = "PATCH",
                             .path = "/v1/webhooks/{id}",
                             .operation_id = "updateWebhook",
                             .summary = "Change an endpoint; enabled: true re-enables a disabled "
                                        "one",
                             .request_schema = webhook_schema(false),
                             .response_schema = data_of("Webhook"),
                             .handler = update_webhook}));
  r.push_back(webhook_route({.method = "DELETE",
                             .path = "/v1/webhooks/{id}",
                             .operation_id = "deleteWebhook",
                             .summary = "Delete an endpoint and its deliveries",
                             .success_status = 204,
                             .handler = delete_webhook}));
  r.push_back(webhook_route(
      {.method = "POST",
       .path = "/v1/webhooks/{id}/rotate-secret",
       .operation_id = "rotateWebhookSecret",
       .summary = "A new signing secret, shown once; the old one keeps signing beside it for 24 "
                  "hours",
       .response_schema = data_of("Webhook"),
       .answer_holds_secret = true,
       .handler = rotate_secret}));
  r.push_back(webhook_route({.method = "POST",
                             .path = "/v1/webhooks/{id}/test",
                             .operation_id = "testWebhook",
                             .summary = "Send a webhook.test event to the endpoint now",
                             .success_status = 202,
                             .response_schema = data_of("WebhookDelivery"),
                             .handler = test_webhook}));
  r.push_back(webhook_route(
      {.method = "GET",
       .path = "/v1/webhooks/{id}/deliveries",
       .operation_id = "listWebhookDeliveries",
       .summary = "The endpoint's deliveries, newest first, each with its attempts",
       .query = cursor_query_params(),
       .response_schema = cursor_list_of(R"({"$ref": "#/components/schemas/WebhookDelivery"})"),
       .handler = list_deliveries}));
  r.push_back(webhook_route(
      {.method = "POST",
       .path = "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
       .operation_id = "redeliverWebhookDelivery",
       .summary = "Send a delivery's event again, as a new delivery with the same webhook-id",
       .success_status = 202,
       .response_schema = data_of("WebhookDelivery"),
       .errors = {409},
       .handler = redeliver}));
  return r;
}

}  // namespace agentry::api::v1
