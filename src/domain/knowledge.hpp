#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/knowledge_vectors.hpp"
#include "domain/plans.hpp"
#include "store/database.hpp"
#include "store/knowledge_records.hpp"
#include "store/records.hpp"

// Knowledge bases (Agento's knowledge): each agent and each swarm has one, entries of text or
// Markdown split into chunks (knowledge_chunks.hpp) and indexed by their terms
// (knowledge_terms.hpp), searched by BM25 over the statistics of the bases searched alone. An
// agent's search covers its own base and its swarm's. An account reaches only its own agents'
// and swarms' bases; any other is not_found.
namespace agentry::knowledge {

// Whose knowledge base: an agent's or a swarm's, by its id.
struct Base {
  enum class Kind { agent, swarm } kind = Kind::agent;
  std::string id;
};

inline constexpr std::size_t max_entry_bytes = std::size_t{256} * 1024;
inline constexpr std::size_t max_batch = 100;
inline constexpr std::size_t max_title_chars = 300;
inline constexpr std::size_t max_source_chars = 2048;
inline constexpr std::size_t max_metadata_bytes = 4096;
inline constexpr std::int64_t max_search_results = 50;
inline constexpr std::size_t max_query_terms = 32;
// Words of a snippet: the window of the chunk with the most of the query's terms.
inline constexpr std::size_t snippet_words = 32;

// One entry to ingest. Its metadata is a JSON object; `pairs` are its scalar members as text
// (the API flattens them), what search filters on.
struct Draft {
  std::string content;
  std::optional<std::string> title;
  std::optional<std::string> source;
  std::string metadata = "{}";
  store::MetadataPairs pairs;
};

// An entry ready to store: its draft and its chunks with their terms (and, once embedded, their
// vectors).
struct Prepared {
  Draft draft;
  std::vector<store::IndexedChunk> chunks;
};
// Checks and chunks the drafts, needing no store. Errors: as ingest's, but not_found and
// limit_reached.
Result<std::vector<Prepared>> prepare(const std::vector<Draft>& drafts, bool batch);
// What an embeddings model is given for a chunk: its entry's title, its heading and its text.
std::string embedding_text(const Prepared& entry, const store::IndexedChunk& chunk);
// Whether the account may add the entries to the base, as ingest checks it before storing them.
// Errors: not_found, limit_reached.
Result<void> admit(store::Tx& tx, const std::string& account_id, const Base& base,
                   const std::vector<Prepared>& entries, const plans::Plan* plan);
// Adds prepared entries, all or none; their chunks' vectors (if any) are of `vector_model`.
// Errors: not_found, limit_reached.
Result<std::vector<store::KnowledgeEntryRecord>> ingest(
    store::Tx& tx, const std::string& account_id, const Base& base,
    const std::vector<Prepared>& entries, std::string_view vector_model, const plans::Plan* plan,
    std::int64_t now_ms);

// Adds the drafts to the account's agent's or swarm's knowledge base, all or none. Errors:
// not_found (the agent or swarm), validation_error (empty, binary or invalid-UTF-8 content, an
// overlong title, source or metadata; the field is entries[i].<name> when `batch`),
// payload_too_large (content over max_entry_bytes), limit_reached (the plan's maxKnowledgeEntries
// or maxKnowledgeBytes).
Result<std::vector<store::KnowledgeEntryRecord>> ingest(
    store::Tx& tx, const std::string& account_id, const Base& base,
    const std::vector<Draft>& drafts, bool batch, const plans::Plan* plan, std::int64_t now_ms);
// The base's entries, newest first, without their content. Errors: not_found.
Result<store::PageOf<store::KnowledgeEntryRecord>> list(store::Tx& tx,
                                                        const std::string& account_id,
                                                        const Base& base, store::Page page);
// One entry with its content and chunks. Errors: not_found (the agent, or the entry in its base).
struct EntryDetail {
  store::KnowledgeEntryRecord entry;
  std::vector<store::ChunkRecord> chunks;
};
Result<EntryDetail> get(store::Tx& tx, const std::string& account_id, const Base& base,
                        const std::string& entry_id);
// Errors: not_found.
Result<void> remove(store::Tx& tx, const std::string& account_id, const Base& base,
                    const std::string& entry_id);

struct Query {
  std::string text;
  std::int64_t limit = 10;
  store::MetadataPairs filter;  // the entry's metadata must hold each pair
  Embedding embedding;          // the query's vector: search is hybrid; none: BM25 alone
};
struct Hit {
  store::ChunkRecord chunk;
  double score = 0;
  std::string snippet;  // HTML-escaped text around the matches, each in <mark>…</mark>
};
struct Results {
  std::vector<Hit> hits;
  std::vector<std::string> terms;  // the query's terms that some chunk holds
  bool hybrid = false;             // ranked by fusing BM25 with the query's vector
};
// The chunks of the base's knowledge (an agent's own and its swarm's) that hold any of the
// query's terms, best first by BM25. With the query's embedding, hybrid: the fusion_candidates
// best by BM25 and the fusion_candidates nearest by cosine similarity (among chunks with a
// vector of the same model), fused by reciprocal rank; a hit's score is then its fused score.
// Errors: not_found, validation_error (an empty query, a limit outside 1–max_search_results).
Result<Results> search(store::Tx& tx, const std::string& account_id, const Base& base,
                       const Query& query);

// The same over the agent's knowledge (its own and its swarm's) without an owner's check, for
// its own runs and chat turns: the best `limit` chunks for `text` (none when it has no
// searchable word).
std::vector<Hit> retrieve(store::Tx& tx, const store::AgentRecord& agent, std::string_view text,
                          std::int64_t limit, const Embedding& embedding = {});

// Whether the agent's knowledge (its own and its swarm's) holds vectors of `model`: whether a
// query's embedding would be of any use to its search.
bool has_vectors(store::Tx& tx, const store::AgentRecord& agent, std::string_view model);

// The bases an agent's search covers: its own and its swarm's.
std::vector<std::string> bases_of(const store::AgentRecord& agent);

// The snippet of `text` for `terms`: snippet_words words around the most matches, each match in
// <mark>…</mark>, an ellipsis where it is cut, the rest HTML-escaped.
std::string snippet(std::string_view text, const std::vector<std::string>& terms);

}  // namespace agentry::knowledge
