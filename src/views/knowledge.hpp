#pragma once

#include "domain/knowledge.hpp"
#include "store/knowledge_records.hpp"
#include "views/json_writer.hpp"

// Knowledge as /v1 shows it.
namespace agentry::views {

// An entry (the KnowledgeEntry schema).
void write_knowledge_entry(JsonWriter& w, const store::KnowledgeEntryRecord& entry);
// An entry with its content and chunks (the KnowledgeEntryDetail schema).
void write_knowledge_entry_detail(JsonWriter& w, const knowledge::EntryDetail& detail);
// One search result (the KnowledgeHit schema).
void write_knowledge_hit(JsonWriter& w, const knowledge::Hit& hit);

}  // namespace agentry::views
