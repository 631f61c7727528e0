#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/knowledge_records.hpp"

// The part of knowledge storage whose SQL differs by engine: the chunks' index (FTS5 or
// tsvector), the term counts' batched upserts and the ranking query. Used by
// knowledge_queries.cpp only, which picks the engine.
namespace agentry::store::knowledge_index {

using TermCounts = std::map<std::string, std::int64_t>;

// `v` as the shortest text that reads back as exactly `v`.
std::string exact_text(double v);

// The condition that a chunk's entry (column `entry_column`) holds every pair of `metadata`,
// its values added to `params`; "" for none.
std::string metadata_condition(const MetadataPairs& metadata, std::string_view entry_column,
                               std::vector<Value>& params);

namespace sqlite {
void add_chunks(Tx& tx, std::string_view base_id, std::string_view entry_id,
                const std::vector<IndexedChunk>& chunks);
// How many of the entry's chunks hold each term.
TermCounts entry_terms(Tx& tx, std::string_view entry_id);
void remove_chunks(Tx& tx, std::string_view entry_id);
void count_terms(Tx& tx, std::string_view base_id, const TermCounts& delta);
std::vector<ScoredChunk> rank(Tx& tx, const RankQuery& query);
}  // namespace sqlite

namespace postgres {
void add_chunks(Tx& tx, std::string_view base_id, std::string_view entry_id,
                const std::vector<IndexedChunk>& chunks);
TermCounts entry_terms(Tx& tx, std::string_view base_id, std::string_view entry_id);
void remove_chunks(Tx& tx, std::string_view entry_id);
void count_terms(Tx& tx, std::string_view base_id, const TermCounts& delta);
std::vector<ScoredChunk> rank(Tx& tx, const RankQuery& query);
}  // namespace postgres

}  // namespace agentry::store::knowledge_index
