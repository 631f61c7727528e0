#include "views/knowledge.hpp"

#include "views/values.hpp"

namespace agentry::views {
namespace {

// The entry's fields, inside an object the caller opened.
void write_entry_fields(JsonWriter& w, const store::KnowledgeEntryRecord& e) {
  const bool swarm = e.base_id.starts_with("swm_");
  w.key("id").string(e.id);
  w.key("agentId").optional_string(swarm ? std::nullopt : std::optional(e.base_id));
  w.key("swarmId").optional_string(swarm ? std::optional(e.base_id) : std::nullopt);
  w.key("title").optional_string(e.title).key("source").optional_string(e.source);
  w.key("metadata").raw(e.metadata);
  w.key("bytes").integer(e.bytes).key("chunkCount").integer(e.chunks);
  w.key("createdAt");
  write_timestamp(w, e.created_at_ms);
}

}  // namespace

void write_knowledge_entry(JsonWriter& w, const store::KnowledgeEntryRecord& entry) {
  w.begin_object();
  write_entry_fields(w, entry);
  w.end_object();
}

void write_knowledge_entry_detail(JsonWriter& w, const knowledge::EntryDetail& detail) {
  w.begin_object();
  write_entry_fields(w, detail.entry);
  w.key("content").string(detail.entry.content);
  w.key("chunks").begin_array();
  for (const store::ChunkRecord& c : detail.chunks) {
    w.begin_object().key("index").integer(c.seq).key("heading").string(c.heading);
    w.key("text").string(c.text).end_object();
  }
  w.end_array();
  w.end_object();
}

void write_knowledge_hit(JsonWriter& w, const knowledge::Hit& hit) {
  const store::ChunkRecord& c = hit.chunk;
  w.begin_object().key("score").number(hit.score).key("entryId").string(c.entry_id);
  w.key("title").optional_string(c.title).key("source").optional_string(c.source);
  w.key("chunk").integer(c.seq).key("heading").string(c.heading).key("text").string(c.text);
  w.key("snippet").string(hit.snippet).key("metadata").raw(c.metadata);
  w.end_object();
}

}  // namespace agentry::views
