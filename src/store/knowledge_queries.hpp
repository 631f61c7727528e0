#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/knowledge_records.hpp"
#include "store/records.hpp"

// The SQL of knowledge bases. The index is SQLite's FTS5 on the embedded store and a GIN-indexed
// tsvector on PostgreSQL (knowledge_index_*.cpp); both hold the same terms and rank with the same
// BM25 formula from the same statistics.
namespace agentry::store {

// An entry on its way in, with its metadata pairs (its scalar metadata, for filtering) and its
// chunks.
struct NewKnowledgeEntry {
  KnowledgeEntryRecord record;
  MetadataPairs metadata;
  std::vector<IndexedChunk> chunks;
  std::string vector_model;  // the embeddings model of the chunks' vectors, if they have any
};
// Adds the entries, all of one base, and counts them into its totals and term counts (once for
// them all: a term in many entries is one upsert).
void insert_knowledge_entries(Tx& tx, const std::vector<NewKnowledgeEntry>& entries);
std::optional<KnowledgeEntryRecord> find_knowledge_entry(Tx& tx, std::string_view id);
// The base's entries, newest first, without their content.
PageOf<KnowledgeEntryRecord> list_knowledge_entries(Tx& tx, std::string_view base_id, Page page);
// Removes the entry and its chunks, and takes them out of its base's totals and term counts.
void delete_knowledge_entry(Tx& tx, const KnowledgeEntryRecord& entry);
// Removes a base with everything in it (its agent or swarm is gone).
void delete_knowledge_base(Tx& tx, std::string_view base_id);

// The totals of `bases` together.
KnowledgeTotals knowledge_totals(Tx& tx, const std::vector<std::string>& bases);
// The totals of every base of the account.
KnowledgeTotals account_knowledge_totals(Tx& tx, std::string_view account_id);
// How many chunks of `bases` hold each of `terms` (absent: none).
std::map<std::string, std::int64_t> chunks_holding(Tx& tx, const std::vector<std::string>& bases,
                                                   const std::vector<std::string>& terms);
// The best chunks for `query` by BM25, best first (ties: the older chunk first).
std::vector<ScoredChunk> rank_chunks(Tx& tx, const RankQuery& query);
// Whether any chunk of `bases` has a vector of embeddings model `model`.
bool has_vectors(Tx& tx, const std::vector<std::string>& bases, std::string_view model);
// The vectors of `model` of the chunks of `bases` whose entries hold every pair of `metadata`.
std::vector<ChunkVector> chunk_vectors(Tx& tx, const std::vector<std::string>& bases,
                                       std::string_view model, const MetadataPairs& metadata);
// The chunks with these ids, in no order.
std::vector<ChunkRecord> find_chunks(Tx& tx, const std::vector<std::int64_t>& ids);
// The entry's chunks, in order.
std::vector<ChunkRecord> entry_chunks(Tx& tx, std::string_view entry_id);

}  // namespace agentry::store
