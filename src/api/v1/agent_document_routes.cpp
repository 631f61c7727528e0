#include <boost/json/array.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/v1/agent_access.hpp"
#include "api/v1/routes.hpp"
#include "domain/agents.hpp"
#include "views/resources.hpp"

// An agent's definition documents, each read and replaced on its own with optimistic
// concurrency: /personality (SOUL.md), /workflow (WORKFLOW.md) and /rules. Their ETag is the
// agent's, so an edit made since the client's read — of this document or of any other part of
// the agent — answers 409 instead of being overwritten.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

struct Document {
  std::string path;    // "personality"
  std::string field;   // "soulMd"
  std::string what;    // "SOUL.md: the agent's personality"
  std::string schema;  // JSON Schema of the field
  void (*write)(JsonWriter&, const store::AgentRecord&);
  void (*read)(const json::value&, agents::Draft&);
};

http::Response document_reply(const Document& doc, const store::AgentRecord& agent) {
  http::Response r = data_reply(200, [&](JsonWriter& w) {
    w.begin_object().key(doc.field);
    doc.write(w, agent);
    w.key("updatedAt");
    views::write_timestamp(w, agent.updated_at_ms);
    w.end_object();
  });
  r.set_header("ETag", views::agent_etag(agent));
  return r;
}

Handler get_document(const Document& doc) {
  return [doc](Call& call) -> asio::awaitable<http::Response> {
    const std::string id = call.param("id");
    auto agent = co_await own_agent(call, id);
    if (!agent) co_return error_reply(call, make_error(Errc::not_found, "no agent with id " + id));
    co_return document_reply(doc, *agent);
  };
}

Handler put_document(const Document& doc) {
  return [doc](Call& call) -> asio::awaitable<http::Response> {
    auto expected = if_match(call);
    if (!expected) co_return error_reply(call, expected.error());
    agents::Draft draft;
    doc.read(call.body.as_object().at(doc.field), draft);
    const std::string id = call.param("id");
    auto updated = co_await call_write(call, [&](store::Tx& tx) {
      return agents::update(tx, call.account_id(), id, draft, *expected, call.now_ms);
    });
    if (!updated) co_return error_reply(call, updated.error());
    co_return document_reply(doc, *updated);
  };
}

std::vector<Document> documents() {
  return {
      {"personality", "soulMd", "SOUL.md, the agent's personality",
       R"({"type": "string", "maxLength": 65536})",
       [](JsonWriter& w, const store::AgentRecord& a) { w.string(a.soul_md); },
       [](const json::value& v, agents::Draft& d) { d.soul_md = std::string(v.as_string()); }},
      {"workflow", "workflowMd", "WORKFLOW.md, how the agent works",
       R"({"type": "string", "maxLength": 65536})",
       [](JsonWriter& w, const store::AgentRecord& a) { w.string(a.workflow_md); },
       [](const json::value& v, agents::Draft& d) { d.workflow_md = std::string(v.as_string()); }},
      {"rules", "rules", "the rules the agent follows",
       R"({"type": "array", "maxItems": 32, "items": {"type": "string", "maxLength": 500}})",
       [](JsonWriter& w, const store::AgentRecord& a) { w.strings(a.rules); },
       [](const json::value& v, agents::Draft& d) {
         d.rules.emplace();
         for (const auto& rule : v.as_array()) d.rules->emplace_back(rule.as_string());
       }},
  };
}

}  // namespace

std::vector<RouteSpec> agent_document_routes() {
  std::vector<RouteSpec> r;
  for (const Document& doc : documents()) {
    std::string name = doc.path;
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    const std::string response = R"({"type": "object", "properties": {"data": {"type": "object",
      "properties": {")" + doc.field +
                                 R"(": )" + doc.schema +
                                 R"(, "updatedAt": {"type": "string", "format": "date-time"}}}}})";
    r.push_back({.method = "GET",
                 .path = "/v1/agents/{id}/" + doc.path,
                 .operation_id = "getAgent" + name,
                 .tag = "Agents",
                 .summary = "Read " + doc.what + " (with the agent's ETag)",
                 .scope = "agents:read",
                 .response_schema = response,
                 .etag = true,
                 .handler = get_document(doc)});
    r.push_back(
        {.method = "PUT",
         .path = "/v1/agents/{id}/" + doc.path,
         .operation_id = "putAgent" + name,
         .tag = "Agents",
         .summary = "Replace " + doc.what +
                    "; send If-Match with the ETag you read to refuse concurrent edits",
         .scope = "agents:write",
         .request_schema = R"({"type": "object", "additionalProperties": false, "required": [")" +
                           doc.field + R"("], "properties": {")" + doc.field + R"(": )" +
                           doc.schema + "}}",
         .response_schema = response,
         .errors = {409},
         .etag = true,
         .handler = put_document(doc)});
  }
  return r;
}

}  // namespace agentry::api::v1
