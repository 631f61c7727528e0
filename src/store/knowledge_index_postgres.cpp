#include "store/knowledge_index.hpp"

#include <algorithm>
#include <type_traits>
#include <unordered_map>

// PostgreSQL: chunks in knowledge_chunks with their terms as a tsvector (each term with its
// positions, and the base's id as a term without any), GIN-indexed; ranked by the BM25 formula
// in SQL over the positions ts_filter keeps of the query's terms.
namespace agentry::store::knowledge_index::postgres {
namespace {

// A tsvector or tsquery lexeme: single quotes around, inner quotes and backslashes doubled.
std::string lexeme(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

// The chunk's terms with their positions (from 1), and the base's id.
std::string tsvector_of(const std::vector<std::string>& terms, std::string_view base_id) {
  std::unordered_map<std::string_view, std::string> positions;
  std::vector<std::string_view> order;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    auto [it, added] = positions.try_emplace(terms[i]);
    if (added) order.push_back(terms[i]);
    if (!it->second.empty()) it->second += ',';
    it->second += std::to_string(std::min<std::size_t>(i + 1, 16383));
  }
  std::string out = lexeme(base_id);
  for (std::string_view t : order) out += ' ' + lexeme(t) + ':' + positions[t];
  return out;
}

// A PostgreSQL array literal of text elements.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

template <class Numbers>
std::string number_array(const Numbers& items) {
  std::string out = "{";
  for (const auto& v : items) {
    if (out.size() > 1) out += ',';
    if constexpr (std::is_floating_point_v<std::decay_t<decltype(v)>>) {
      out += exact_text(v);
    } else {
      out += std::to_string(v);
    }
  }
  return out + "}";
}

std::string any_of(const std::vector<std::string>& items) {
  std::string out = "(";
  for (const std::string& item : items) {
    if (out.size() > 1) out += " | ";
    out += lexeme(item);
  }
  return out + ")";
}

}  // namespace

void add_chunks(Tx& tx, std::string_view base_id, std::string_view entry_id,
                const std::vector<IndexedChunk>& chunks) {
  std::vector<std::int64_t> seqs;
  std::vector<std::int64_t> lengths;
  std::vector<std::string> headings;
  std::vector<std::string> texts;
  std::vector<std::string> vectors;
  for (const IndexedChunk& c : chunks) {
    seqs.push_back(static_cast<std::int64_t>(seqs.size()));
    lengths.push_back(static_cast<std::int64_t>(c.terms.size()));
    headings.push_back(c.heading);
    texts.push_back(c.text);
    vectors.push_back(tsvector_of(c.terms, base_id));
  }
  tx.exec(
      "INSERT INTO knowledge_chunks (entry_id, seq, heading, text, length, tsv) SELECT $1, u.seq, "
      "u.heading, u.text, u.length, u.tsv::tsvector FROM unnest($2::bigint[], $3::text[], "
      "$4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY AS u(seq, heading, text, length, "
      "tsv, n) ORDER BY u.n",
      {std::string(entry_id), number_array(seqs), text_array(headings), text_array(texts),
       number_array(lengths), text_array(vectors)});
}

TermCounts entry_terms(Tx& tx, std::string_view base_id, std::string_view entry_id) {
  TermCounts out;
  for (Row& r : tx.query(
           "SELECT u.lexeme, COUNT(*) FROM knowledge_chunks c CROSS JOIN LATERAL unnest(c.tsv) u "
           "WHERE c.entry_id = $1 AND u.lexeme <> $2 GROUP BY u.lexeme",
           {std::string(entry_id), std::string(base_id)})) {
    out[r.take_text(0)] = r.integer(1);
  }
  return out;
}

void remove_chunks(Tx& tx, std::string_view entry_id) {
  tx.exec("DELETE FROM knowledge_chunks WHERE entry_id = $1", {std::string(entry_id)});
}

void count_terms(Tx& tx, std::string_view base_id, const TermCounts& delta) {
  if (delta.empty()) return;
  std::vector<std::string> terms;
  std::vector<std::int64_t> counts;
  for (const auto& [term, n] : delta) {
    terms.push_back(term);
    counts.push_back(n);
  }
  // In the terms' order, so that two writers lock the rows they share in the same order.
  tx.exec(
      "INSERT INTO knowledge_terms (base_id, term, chunks) SELECT $1, u.term, u.chunks FROM "
      "unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS u(term, chunks, n) ORDER BY u.n ON "
      "CONFLICT (base_id, term) DO UPDATE SET chunks = knowledge_terms.chunks + excluded.chunks",
      {std::string(base_id), text_array(terms), number_array(counts)});
  if (delta.begin()->second < 0) {
    tx.exec(
        "DELETE FROM knowledge_terms WHERE base_id = $1 AND term = ANY($2::text[]) AND chunks <= 0",
        {std::string(base_id), text_array(terms)});
  }
}

std::vector<ScoredChunk> rank(Tx& tx, const RankQuery& q) {
  std::vector<Value> params = {any_of(q.terms) + " & " + any_of(q.bases),
                               text_array(q.terms),
                               number_array(q.idf),
                               q.average_length,
                               q.limit,
                               bm25_k1,
                               bm25_b,
                               max_term_frequency};
  // As sqlite/knowledge_rank.cpp computes it, operation for operation.
  std::string sql =
      "SELECT c.id, SUM(q.idf * (u.tf * ($6::float8 + 1)) / (u.tf + $6::float8 * (1 - "
      "$7::float8 + $7::float8 * c.length / $4::float8))) AS score FROM knowledge_chunks c CROSS "
      "JOIN LATERAL (SELECT lexeme, LEAST(cardinality(positions), $8::bigint)::float8 AS tf FROM "
      "unnest(ts_filter(setweight(c.tsv, 'A', $2::text[]), '{a}'))) u JOIN unnest($2::text[], "
      "$3::float8[]) AS q(term, idf) ON q.term = u.lexeme WHERE c.tsv @@ $1::tsquery";
  if (!q.metadata.empty()) sql += " AND " + metadata_condition(q.metadata, "c.entry_id", params);
  sql += " GROUP BY c.id ORDER BY score DESC, c.id LIMIT $5";
  std::vector<ScoredChunk> out;
  for (Row& r : tx.query(sql, params)) out.push_back({r.integer(0), r.real(1)});
  return out;
}

}  // namespace agentry::store::knowledge_index::postgres
