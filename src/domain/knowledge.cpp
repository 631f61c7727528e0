#include "domain/knowledge.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/ids.hpp"
#include "core/utf8.hpp"
#include "domain/agents.hpp"
#include "domain/knowledge_chunks.hpp"
#include "domain/knowledge_terms.hpp"
#include "domain/swarms.hpp"
#include "store/knowledge_queries.hpp"

namespace agentry::knowledge {
namespace {

// The base when the account owns its agent or swarm. Errors: not_found.
Result<void> own_base(store::Tx& tx, const std::string& account_id, const Base& base) {
  if (base.kind == Base::Kind::swarm) {
    auto swarm = swarms::get(tx, account_id, base.id);
    if (!swarm) return swarm.error();
    return Ok{};
  }
  auto agent = agents::find_owned(tx, account_id, base.id);
  if (!agent) return agent.error();
  return Ok{};
}

// The bases a search of `base` covers: an agent's and its swarm's, or a swarm's.
Result<std::vector<std::string>> searched_bases(store::Tx& tx, const std::string& account_id,
                                                const Base& base) {
  if (base.kind == Base::Kind::swarm) {
    auto owned = own_base(tx, account_id, base);
    if (!owned) return owned.error();
    return std::vector<std::string>{base.id};
  }
  auto agent = agents::find_owned(tx, account_id, base.id);
  if (!agent) return agent.error();
  return bases_of(*agent);
}

Error invalid(const std::string& field, const std::string& message) {
  return make_error(Errc::validation_error, field + ": " + message, field);
}

std::string field_of(std::size_t i, bool batch, std::string_view name) {
  return batch ? "entries[" + std::to_string(i) + "]." + std::string(name) : std::string(name);
}

// The draft's chunks with their terms, or why it cannot be ingested.
Result<std::vector<store::IndexedChunk>> index_draft(const Draft& d, std::size_t i, bool batch) {
  const std::string content = field_of(i, batch, "content");
  if (d.content.size() > max_entry_bytes) {
    return make_error(Errc::payload_too_large,
                      content + ": an entry may have at most " + std::to_string(max_entry_bytes) +
                          " bytes; split it into several entries",
                      content);
  }
  if (!utf8::text_chars(d.content)) {
    return invalid(content,
                   "must be UTF-8 text, without control characters but tabs and line "
                   "breaks (binary files cannot be ingested)");
  }
  for (const auto& [value, name, limit] : {std::tuple{&d.title, "title", max_title_chars},
                                           std::tuple{&d.source, "source", max_source_chars}}) {
    if (!*value) continue;
    const auto chars = utf8::text_chars(**value);
    if (!chars || *chars > limit) {
      return invalid(field_of(i, batch, name),
                     "must be text of at most " + std::to_string(limit) + " characters");
    }
  }
  if (d.metadata.size() > max_metadata_bytes) {
    return invalid(field_of(i, batch, "metadata"),
                   "may take at most " + std::to_string(max_metadata_bytes) + " bytes as JSON");
  }
  std::vector<store::IndexedChunk> out;
  for (Chunk& c : chunk_markdown(d.content)) {
    std::vector<std::string> terms = terms_of(c.heading);
    for (std::string& t : terms_of(c.text)) terms.push_back(std::move(t));
    out.push_back({std::move(c.heading), std::move(c.text), std::move(terms)});
  }
  if (out.empty()) return invalid(content, "has no text");
  return out;
}

Result<void> within_plan(store::Tx& tx, const std::string& account_id, const plans::Plan* plan,
                         std::int64_t entries, std::int64_t bytes) {
  if (!plan) return Ok{};
  const store::KnowledgeTotals have = store::account_knowledge_totals(tx, account_id);
  if (plan->max_knowledge_entries && have.entries + entries > *plan->max_knowledge_entries) {
    return make_error(Errc::limit_reached, "the " + plan->display_name + " plan allows " +
                                               std::to_string(*plan->max_knowledge_entries) +
                                               " knowledge entries; the account has " +
                                               std::to_string(have.entries));
  }
  if (plan->max_knowledge_bytes && have.bytes + bytes > *plan->max_knowledge_bytes) {
    return make_error(Errc::limit_reached, "the " + plan->display_name + " plan allows " +
                                               std::to_string(*plan->max_knowledge_bytes) +
                                               " bytes of knowledge; the account has " +
                                               std::to_string(have.bytes));
  }
  return Ok{};
}

// BM25's idf, in the form that stays positive for terms in most chunks of a small base.
double idf(std::int64_t chunks, std::int64_t holding) {
  const auto n = static_cast<double>(holding);
  return std::log(1 + (static_cast<double>(chunks) - n + 0.5) / (n + 0.5));
}

Result<store::KnowledgeEntryRecord> entry_in(store::Tx& tx, const std::string& base_id,
                                             const std::string& entry_id) {
  auto e = store::find_knowledge_entry(tx, entry_id);
  if (!e || e->base_id != base_id) {
    return make_error(Errc::not_found, "no knowledge entry with id " + entry_id);
  }
  return std::move(*e);
}

}  // namespace

Result<std::vector<Prepared>> prepare(const std::vector<Draft>& drafts, bool batch) {
  if (drafts.empty() || drafts.size() > max_batch) {
    return invalid("entries", "must hold 1–" + std::to_string(max_batch) + " entries");
  }
  std::vector<Prepared> out;
  out.reserve(drafts.size());
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    auto chunks = index_draft(drafts[i], i, batch);
    if (!chunks) return chunks.error();
    out.push_back({drafts[i], std::move(*chunks)});
  }
  return out;
}

std::string embedding_text(const Prepared& entry, const store::IndexedChunk& chunk) {
  std::string out = entry.draft.title.value_or("");
  if (!chunk.heading.empty()) out += (out.empty() ? "" : " — ") + chunk.heading;
  return out + (out.empty() ? "" : "\n\n") + chunk.text;
}

Result<void> admit(store::Tx& tx, const std::string& account_id, const Base& base,
                   const std::vector<Prepared>& entries, const plans::Plan* plan) {
  if (auto owned = own_base(tx, account_id, base); !owned) return owned.error();
  std::int64_t bytes = 0;
  for (const Prepared& e : entries) bytes += static_cast<std::int64_t>(e.draft.content.size());
  return within_plan(tx, account_id, plan, static_cast<std::int64_t>(entries.size()), bytes);
}

Result<std::vector<store::KnowledgeEntryRecord>> ingest(
    store::Tx& tx, const std::string& account_id, const Base& base,
    const std::vector<Prepared>& prepared, std::string_view vector_model, const plans::Plan* plan,
    std::int64_t now_ms) {
  if (auto admitted = admit(tx, account_id, base, prepared, plan); !admitted) {
    return admitted.error();
  }
  std::vector<store::NewKnowledgeEntry> entries;
  entries.reserve(prepared.size());
  for (const Prepared& p : prepared) {
    const Draft& d = p.draft;
    store::KnowledgeEntryRecord e{.id = new_ordered_id("kn", now_ms),
                                  .account_id = account_id,
                                  .base_id = base.id,
                                  .title = d.title,
                                  .source = d.source,
                                  .metadata = d.metadata,
                                  .content = d.content,
                                  .bytes = static_cast<std::int64_t>(d.content.size()),
                                  .chunks = static_cast<std::int64_t>(p.chunks.size()),
                                  .created_at_ms = now_ms};
    entries.push_back({std::move(e), d.pairs, p.chunks, std::string(vector_model)});
  }
  store::insert_knowledge_entries(tx, entries);
  std::vector<store::KnowledgeEntryRecord> out;
  out.reserve(entries.size());
  for (auto& e : entries) out.push_back(std::move(e.record));
  return out;
}

Result<std::vector<store::KnowledgeEntryRecord>> ingest(
    store::Tx& tx, const std::string& account_id, const Base& base,
    const std::vector<Draft>& drafts, bool batch, const plans::Plan* plan, std::int64_t now_ms) {
  if (auto owned = own_base(tx, account_id, base); !owned) return owned.error();
  auto prepared = prepare(drafts, batch);
  if (!prepared) return prepared.error();
  return ingest(tx, account_id, base, *prepared, "", plan, now_ms);
}

Result<store::PageOf<store::KnowledgeEntryRecord>> list(store::Tx& tx,
                                                        const std::string& account_id,
                                                        const Base& base, store::Page page) {
  if (auto owned = own_base(tx, account_id, base); !owned) return owned.error();
  return store::list_knowledge_entries(tx, base.id, page);
}

Result<EntryDetail> get(store::Tx& tx, const std::string& account_id, const Base& base,
                        const std::string& entry_id) {
  if (auto owned = own_base(tx, account_id, base); !owned) return owned.error();
  auto e = entry_in(tx, base.id, entry_id);
  if (!e) return e.error();
  return EntryDetail{std::move(*e), store::entry_chunks(tx, entry_id)};
}

Result<void> remove(store::Tx& tx, const std::string& account_id, const Base& base,
                    const std::string& entry_id) {
  if (auto owned = own_base(tx, account_id, base); !owned) return owned.error();
  auto e = entry_in(tx, base.id, entry_id);
  if (!e) return e.error();
  store::delete_knowledge_entry(tx, *e);
  return Ok{};
}

namespace {

// The query's distinct terms, at most max_query_terms.
std::vector<std::string> query_terms(std::string_view text) {
  std::vector<std::string> terms;
  for (std::string& t : terms_of(text)) {
    if (terms.size() == max_query_terms) break;
    if (std::ranges::find(terms, t) == terms.end()) terms.push_back(std::move(t));
  }
  return terms;
}

// The ids of the chunks nearest to the embedding, nearest first, at most `limit`.
std::vector<std::int64_t> nearest(store::Tx& tx, const std::vector<std::string>& bases,
                                  const Query& query, std::int64_t limit) {
  std::vector<std::pair<double, std::int64_t>> scored;
  for (const store::ChunkVector& v :
       store::chunk_vectors(tx, bases, query.embedding.model, query.filter)) {
    const auto vector = decode_vector(v.vector);
    if (!vector || vector->size() != query.embedding.vector.size()) continue;
    scored.emplace_back(dot(*vector, query.embedding.vector), v.id);
  }
  const auto n = std::min(scored.size(), static_cast<std::size_t>(limit));
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(n), scored.end(),
                    [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  std::vector<std::int64_t> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(scored[i].second);
  return out;
}

// The best chunks by BM25, at most `limit`; sets out.terms to the terms searched.
std::vector<store::ScoredChunk> by_bm25(store::Tx& tx, const std::vector<std::string>& bases,
                                        const Query& query, std::int64_t limit, Results& out) {
  const std::vector<std::string> terms = query_terms(query.text);
  const store::KnowledgeTotals totals = store::knowledge_totals(tx, bases);
  if (terms.empty() || totals.chunks == 0) return {};
  const auto holding = store::chunks_holding(tx, bases, terms);
  store::RankQuery rank{.bases = bases,
                        .average_length = std::max(1.0, static_cast<double>(totals.terms) /
                                                            static_cast<double>(totals.chunks)),
                        .metadata = query.filter,
                        .limit = limit};
  for (const std::string& t : terms) {
    const auto it = holding.find(t);
    if (it == holding.end() || it->second <= 0) continue;
    rank.terms.push_back(t);
    rank.idf.push_back(idf(totals.chunks, it->second));
  }
  out.terms = rank.terms;
  return store::rank_chunks(tx, rank);
}

// Search over `bases` together, as search() documents it.
Results search_in(store::Tx& tx, const std::vector<std::string>& bases, const Query& query) {
  Results out;
  std::vector<store::ScoredChunk> scored;
  if (query.embedding.empty()) {
    scored = by_bm25(tx, bases, query, query.limit, out);
  } else {
    out.hybrid = true;
    const auto candidates = std::max(query.limit, fusion_candidates);
    std::vector<std::int64_t> lexical;
    for (const auto& s : by_bm25(tx, bases, query, candidates, out)) lexical.push_back(s.id);
    for (const auto& [id, score] :
         fuse_rankings({lexical, nearest(tx, bases, query, candidates)})) {
      if (std::cmp_equal(scored.size(), query.limit)) break;
      scored.push_back({id, score});
    }
  }
  std::vector<std::int64_t> ids;
  ids.reserve(scored.size());
  for (const auto& s : scored) ids.push_back(s.id);
  std::unordered_map<std::int64_t, store::ChunkRecord> chunks;
  for (store::ChunkRecord& c : store::find_chunks(tx, ids)) chunks.emplace(c.id, std::move(c));
  for (const auto& s : scored) {
    auto it = chunks.find(s.id);
    if (it == chunks.end()) continue;
    Hit hit{.chunk = std::move(it->second), .score = s.score};
    hit.snippet = snippet(hit.chunk.text, out.terms);
    out.hits.push_back(std::move(hit));
  }
  return out;
}

}  // namespace

Result<Results> search(store::Tx& tx, const std::string& account_id, const Base& base,
                       const Query& query) {
  auto bases = searched_bases(tx, account_id, base);
  if (!bases) return bases.error();
  if (query.limit < 1 || query.limit > max_search_results) {
    return invalid("limit", "must be 1–" + std::to_string(max_search_results));
  }
  if (query.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid("query", "must not be empty");
  }
  return search_in(tx, *bases, query);
}

std::vector<Hit> retrieve(store::Tx& tx, const store::AgentRecord& agent, std::string_view text,
                          std::int64_t limit, const Embedding& embedding) {
  return search_in(tx, bases_of(agent),
                   {.text = std::string(text), .limit = limit, .embedding = embedding})
      .hits;
}

bool has_vectors(store::Tx& tx, const store::AgentRecord& agent, std::string_view model) {
  return store::has_vectors(tx, bases_of(agent), model);
}

std::vector<std::string> bases_of(const store::AgentRecord& agent) {
  std::vector<std::string> out{agent.id};
  if (agent.swarm_id) out.push_back(*agent.swarm_id);
  return out;
}

}  // namespace agentry::knowledge
