#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Knowledge as the store keeps it: entries in a knowledge base (an agent's or a swarm's), their
// chunks with the terms search indexes, and each base's totals and term counts, from which
// search computes BM25 over the bases it searches, the same on every store.
namespace agentry::store {

// BM25's parameters, as SQLite's FTS5 sets them.
inline constexpr double bm25_k1 = 1.2;
inline constexpr double bm25_b = 0.75;
// PostgreSQL keeps at most this many positions of one term in a chunk: term frequencies are
// capped at it on every store.
inline constexpr std::int64_t max_term_frequency = 256;

using MetadataPairs = std::vector<std::pair<std::string, std::string>>;

struct KnowledgeEntryRecord {
  std::string id;  // kn_
  std::string account_id;
  std::string base_id;  // the agent or swarm whose knowledge base holds it
  std::optional<std::string> title;
  std::optional<std::string> source;
  std::string metadata = "{}";  // a JSON object
  std::string content;          // empty in lists: they never load it
  std::int64_t bytes = 0;
  std::int64_t chunks = 0;
  std::int64_t created_at_ms = 0;
};

// A chunk on its way into the index.
struct IndexedChunk {
  std::string heading;
  std::string text;
  std::vector<std::string> terms;  // in order, as knowledge::terms_of gives them
  std::string vector;              // its embedding as knowledge::encode_vector writes it; "": none
};

struct KnowledgeTotals {
  std::int64_t entries = 0;
  std::int64_t chunks = 0;
  std::int64_t terms = 0;  // the number of terms in all chunks: their lengths' sum
  std::int64_t bytes = 0;
};

// What to rank: chunks of `bases` holding any of `terms`, each term weighted by its `idf`,
// with chunk lengths measured against `average_length`.
struct RankQuery {
  std::vector<std::string> bases;
  std::vector<std::string> terms;  // distinct
  std::vector<double> idf;         // one per term
  double average_length = 1;
  MetadataPairs metadata;  // the entry's metadata must hold each key with that value
  std::int64_t limit = 10;
};

// A chunk's stored embedding (knowledge::encode_vector's text).
struct ChunkVector {
  std::int64_t id = 0;
  std::string vector;
};

struct ScoredChunk {
  std::int64_t id = 0;
  double score = 0;
};

// A chunk as search answers it, with its entry's title and source.
struct ChunkRecord {
  std::int64_t id = 0;
  std::string entry_id;
  std::int64_t seq = 0;  // its place in the entry, from 0
  std::string heading;
  std::string text;
  std::optional<std::string> title;
  std::optional<std::string> source;
  std::string metadata;
};

}  // namespace agentry::store
