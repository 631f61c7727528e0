#include <boost/json/serialize.hpp>

#include "api/await_db.hpp"
#include "api/call_write.hpp"
#include "api/reply.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/schemas.hpp"
#include "domain/knowledge.hpp"
#include "runtime/providers.hpp"
#include "runtime/query_embedding.hpp"
#include "views/knowledge.hpp"

// /v1/agents/{id}/knowledge and /v1/swarms/{id}/knowledge: an agent's or a swarm's knowledge
// base — ingest, list, read, delete, search.
namespace agentry::api::v1 {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

// The scalar members of a metadata object as text: what search filters compare.
store::MetadataPairs pairs_of(const json::object& o) {
  store::MetadataPairs out;
  for (const auto& [key, value] : o) {
    if (value.is_string()) {
      out.emplace_back(key, std::string(value.get_string()));
    } else if (value.is_number() || value.is_bool()) {
      out.emplace_back(key, json::serialize(value));
    }
  }
  return out;
}

knowledge::Draft draft_of(const json::object& o) {
  knowledge::Draft d;
  d.content = std::string(o.at("content").as_string());
  if (const auto* t = o.if_contains("title"); t && t->is_string())
    d.title = std::string(t->get_string());
  if (const auto* s = o.if_contains("source"); s && s->is_string()) {
    d.source = std::string(s->get_string());
  }
  if (const auto* m = o.if_contains("metadata"); m && m->is_object()) {
    d.metadata = json::serialize(*m);
    d.pairs = pairs_of(m->get_object());
  }
  return d;
}

// The base the route names: /v1/agents/{id}/... or /v1/swarms/{id}/...
knowledge::Base base_of(const Call& call) {
  const bool swarm = call.route.path.starts_with("/v1/swarms/");
  return {.kind = swarm ? knowledge::Base::Kind::swarm : knowledge::Base::Kind::agent,
          .id = call.param("id")};
}

// Ingests with the chunks' vectors: the entries are checked and chunked, the base and the plan's
// limits checked, the chunks embedded, and the entries stored (checked again) with their vectors.
// Errors: as knowledge::ingest, unavailable (the embeddings provider failed: nothing is stored).
asio::awaitable<Result<std::vector<store::KnowledgeEntryRecord>>> ingest_embedded(
    Call& call, knowledge::Base base, std::vector<knowledge::Draft> drafts, bool batch) {
  auto prepared = knowledge::prepare(drafts, batch);
  if (!prepared) co_return prepared.error();
  auto admitted = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return knowledge::admit(tx, call.account_id(), base, *prepared, call.plan);
  });
  if (!admitted) co_return admitted.error();
  std::vector<std::string> texts;
  for (const knowledge::Prepared& e : *prepared) {
    for (const store::IndexedChunk& c : e.chunks) texts.push_back(knowledge::embedding_text(e, c));
  }
  runtime::Embedder& embedder = call.services.providers.embedder();
  auto vectors = co_await embedder.embed(std::move(texts));
  if (!vectors) co_return vectors.error();
  std::size_t i = 0;
  for (knowledge::Prepared& e : *prepared) {
    for (store::IndexedChunk& c : e.chunks) c.vector = knowledge::encode_vector((*vectors)[i++]);
  }
  co_return co_await call_write(call, [&](store::Tx& tx) {
    return knowledge::ingest(tx, call.account_id(), base, *prepared, embedder.model(), call.plan,
                             call.now_ms);
  });
}

asio::awaitable<http::Response> ingest(Call& call) {
  const knowledge::Base base = base_of(call);
  const json::object& body = call.body.as_object();
  const auto* entries = body.if_contains("entries");
  if ((entries != nullptr) == body.contains("content")) {
    co_return error_reply(call, make_error(Errc::validation_error,
                                           "send either content (one entry) or entries (a batch)",
                                           entries ? "entries" : "content"));
  }
  std::vector<knowledge::Draft> drafts;
  if (entries) {
    for (const auto& e : entries->as_array()) drafts.push_back(draft_of(e.as_object()));
  } else {
    drafts.push_back(draft_of(body));
  }
  Result<std::vector<store::KnowledgeEntryRecord>> added = make_error(Errc::internal_error, "");
  if (call.services.providers.embedder().enabled()) {
    added = co_await ingest_embedded(call, base, drafts, entries != nullptr);
  } else {
    added = co_await call_write(call, [&](store::Tx& tx) {
      return knowledge::ingest(tx, call.account_id(), base, drafts, entries != nullptr, call.plan,
                               call.now_ms);
    });
  }
  if (!added) co_return error_reply(call, added.error());
  http::Response r = data_reply(201, [&](JsonWriter& w) {
    if (!entries) {
      views::write_knowledge_entry(w, added->front());
      return;
    }
    w.begin_array();
    for (const auto& e : *added) views::write_knowledge_entry(w, e);
    w.end_array();
  });
  if (!entries) {
    r.set_header("Location", call.request.path + "/" + added->front().id);
  }
  co_return r;
}

asio::awaitable<http::Response> list_entries(Call& call) {
  const knowledge::Base base = base_of(call);
  auto page = page_of(call);
  if (!page) co_return error_reply(call, page.error());
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return knowledge::list(tx, call.account_id(), base, *page);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return list_reply(found->items, views::write_knowledge_entry, found->total, *page);
}

asio::awaitable<http::Response> get_entry(Call& call) {
  const knowledge::Base base = base_of(call);
  const std::string entry_id = call.param("entryId");
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return knowledge::get(tx, call.account_id(), base, entry_id);
  });
  if (!found) co_return error_reply(call, found.error());
  co_return data_reply(200, [&](JsonWriter& w) { views::write_knowledge_entry_detail(w, *found); });
}

asio::awaitable<http::Response> delete_entry(Call& call) {
  const knowledge::Base base = base_of(call);
  const std::string entry_id = call.param("entryId");
  auto removed = co_await call_write(call, [&](store::Tx& tx) {
    return knowledge::remove(tx, call.account_id(), base, entry_id);
  });
  if (!removed) co_return error_reply(call, removed.error());
  co_return no_content();
}

asio::awaitable<http::Response> search(Call& call) {
  const knowledge::Base base = base_of(call);
  const json::object& body = call.body.as_object();
  knowledge::Query query{.text = *call.body_string("query")};
  if (const auto* limit = body.if_contains("limit"); limit && limit->is_int64()) {
    query.limit = limit->get_int64();
  }
  if (const auto* filter = body.if_contains("filter"); filter && filter->is_object()) {
    query.filter = pairs_of(filter->get_object());
  }
  // The query's vector, when an embeddings provider is configured; when it fails the search
  // goes on by BM25 alone and says so.
  if (runtime::Embedder& embedder = call.services.providers.embedder(); embedder.enabled()) {
    auto embedded = co_await runtime::embed_query(embedder, query.text);
    if (embedded) query.embedding = std::move(*embedded);
  }
  auto found = co_await db_read(call.services.db, [&](store::Tx& tx) {
    return knowledge::search(tx, call.account_id(), base, query);
  });
  if (!found) co_return error_reply(call, found.error());
  JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& hit : found->hits) views::write_knowledge_hit(w, hit);
  w.end_array().key("terms").strings(found->terms);
  w.key("mode").string(found->hybrid ? "hybrid" : "bm25").end_object();
  co_return json_text_reply(200, w.take());
}

constexpr std::string_view entry_properties = R"(
  "content": {"type": "string", "description": "Text or Markdown, at most 256 KiB (413 past it); binary or invalid UTF-8 answers 400. Split into chunks along its headings and paragraphs."},
  "title": {"type": "string", "maxLength": 300},
  "source": {"type": "string", "maxLength": 2048, "description": "Where it came from: a URL or a name."},
  "metadata": {"type": "object", "maxProperties": 32, "description": "Any JSON object up to 4 KiB; its string, number and boolean members can filter searches."})";

std::string ingest_schema() {
  return std::string(R"({"type": "object", "additionalProperties": false,
    "description": "One entry (content, title, source, metadata) or a batch (entries), all or none.",
    "properties": {)") +
         std::string(entry_properties) + R"(,
      "entries": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "object", "additionalProperties": false, "required": ["content"], "properties": {)" +
         std::string(entry_properties) + "}}}}}";
}

RouteSpec knowledge_route(RouteSpec r) {
  r.tag = "Knowledge";
  return r;
}

}  // namespace

std::vector<RouteSpec> knowledge_routes() {
  std::vector<RouteSpec> r;
  for (const bool swarm : {false, true}) {
    const std::string root = swarm ? "/v1/swarms/{id}" : "/v1/agents/{id}";
    const std::string whose = swarm ? "your swarm's" : "your agent's";
    const std::string suffix = swarm ? "OfSwarm" : "";
    r.push_back(knowledge_route(
        {.method = "POST",
         .path = root + "/knowledge",
         .operation_id = "ingestKnowledge" + suffix,
         .summary = "Add one entry, or a batch of up to 100, to " + whose + " knowledge base",
         .scope = "knowledge:write",
         .request_schema = ingest_schema(),
         .success_status = 201,
         .response_schema =
             R"({"type": "object", "required": ["data"], "properties": {"data": {"oneOf": [{"$ref": "#/components/schemas/KnowledgeEntry"}, {"type": "array", "items": {"$ref": "#/components/schemas/KnowledgeEntry"}}], "description": "The entry, or the batch's entries in order."}}})",
         .errors = {403, 413, 503},
         .handler = ingest}));
    r.push_back(
        knowledge_route({.method = "GET",
                         .path = root + "/knowledge",
                         .operation_id = "listKnowledge" + suffix,
                         .summary = "The entries of " + whose + " knowledge base, newest first",
                         .scope = "knowledge:read",
                         .query = page_query_params(),
                         .response_schema = list_of("KnowledgeEntry"),
                         .handler = list_entries}));
    r.push_back(knowledge_route({.method = "GET",
                                 .path = root + "/knowledge/{entryId}",
                                 .operation_id = "getKnowledgeEntry" + suffix,
                                 .summary = "One knowledge entry with its content and chunks",
                                 .scope = "knowledge:read",
                                 .response_schema = data_of("KnowledgeEntryDetail"),
                                 .handler = get_entry}));
    r.push_back(knowledge_route({.method = "DELETE",
                                 .path = root + "/knowledge/{entryId}",
                                 .operation_id = "deleteKnowledgeEntry" + suffix,
                                 .summary = "Delete a knowledge entry and its chunks",
                                 .scope = "knowledge:write",
                                 .success_status = 204,
                                 .handler = delete_entry}));
    r.push_back(knowledge_route(
        {.method = "POST",
         .path = root + "/knowledge/search",
         .operation_id = "searchKnowledge" + suffix,
         .summary = "Search " + whose + " knowledge" + (swarm ? "" : " (its own and its swarm's)") +
                    ": chunks holding any of the query's words, best first by BM25",
         .scope = "knowledge:read",
         .request_schema =
             R"({"type": "object", "additionalProperties": false, "required": ["query"], "properties": {
         "query": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "Words or a question; a chunk matches when it holds any of its words (after folding case, dropping stop words and stemming)."},
         "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
         "filter": {"type": "object", "maxProperties": 8, "additionalProperties": {"type": ["string", "number", "boolean"]}, "description": "Only entries whose metadata has each of these members with this value."}}})",
         .response_schema =
             R"({"type": "object", "required": ["data", "terms", "mode"], "properties": {
             "data": {"type": "array", "items": {"$ref": "#/components/schemas/KnowledgeHit"}},
             "terms": {"type": "array", "items": {"type": "string"}, "description": "The query's terms (folded and stemmed) that some chunk holds: what was searched for."},
             "mode": {"type": "string", "enum": ["bm25", "hybrid"], "description": "hybrid: BM25's and the embeddings' rankings fused by reciprocal rank (score is the fused score); bm25: BM25 alone (no embeddings provider is configured, or it failed for this query)."}}})",
         .handler = search}));
  }
  return r;
}

}  // namespace agentry::api::v1
