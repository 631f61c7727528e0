#include "store/knowledge_index.hpp"

#include <set>

#include "core/json_escape.hpp"

// SQLite: chunks in knowledge_chunks, their terms in the FTS5 table knowledge_fts (base, terms)
// under the chunk's id, ranked by agentry_bm25 (sqlite/knowledge_rank.hpp).
namespace agentry::store::knowledge_index::sqlite {
namespace {

std::string joined(const std::vector<std::string>& terms) {
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

// An FTS5 string: double quotes around, inner ones doubled.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string any_of(const std::vector<std::string>& items) {
  std::string out = "(";
  for (const std::string& item : items) {
    if (out.size() > 1) out += " OR ";
    out += quoted(item);
  }
  return out + ")";
}

// The average length, then each term's idf, exactly.
std::string weights_of(const RankQuery& q) {
  std::string out = exact_text(q.average_length);
  for (double idf : q.idf) out += ' ' + exact_text(idf);
  return out;
}

}  // namespace

void add_chunks(Tx& tx, std::string_view base_id, std::string_view entry_id,
                const std::vector<IndexedChunk>& chunks) {
  const std::string entry(entry_id);
  const std::string base(base_id);
  std::int64_t seq = 0;
  for (const IndexedChunk& c : chunks) {
    const std::int64_t id =
        tx.query(
              "INSERT INTO knowledge_chunks (entry_id, seq, heading, text, length) VALUES ($1, $2, "
              "$3, $4, $5) RETURNING id",
              {entry, seq++, c.heading, c.text, static_cast<std::int64_t>(c.terms.size())})
            .at(0)
            .integer(0);
    tx.exec("INSERT INTO knowledge_fts (rowid, base, terms) VALUES ($1, $2, $3)",
            {id, base, joined(c.terms)});
  }
}

TermCounts entry_terms(Tx& tx, std::string_view entry_id) {
  TermCounts out;
  for (Row& r : tx.query(
           "SELECT f.terms FROM knowledge_chunks c JOIN knowledge_fts f ON f.rowid = c.id WHERE "
           "c.entry_id = $1",
           {std::string(entry_id)})) {
    std::set<std::string_view> distinct;
    std::string_view rest = r.text(0);
    while (!rest.empty()) {
      const auto end = rest.find(' ');
      distinct.insert(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    }
    for (std::string_view t : distinct) ++out[std::string(t)];
  }
  return out;
}

void remove_chunks(Tx& tx, std::string_view entry_id) {
  const std::string entry(entry_id);
  tx.exec(
      "DELETE FROM knowledge_fts WHERE rowid IN (SELECT id FROM knowledge_chunks WHERE entry_id = "
      "$1)",
      {entry});
  tx.exec("DELETE FROM knowledge_chunks WHERE entry_id = $1", {entry});
}

void count_terms(Tx& tx, std::string_view base_id, const TermCounts& delta) {
  if (delta.empty()) return;
  // One statement for them all, the counts as a JSON object: a statement per term costs more
  // than the upsert itself.
  std::string counts = "{";
  bool removes = false;
  for (const auto& [term, n] : delta) {
    if (counts.size() > 1) counts += ',';
    append_json_string(counts, term);
    counts += ':' + std::to_string(n);
    removes = removes || n < 0;
  }
  counts += '}';
  const std::string base(base_id);
  tx.exec(
      "INSERT INTO knowledge_terms (base_id, term, chunks) SELECT $1, key, value FROM "
      "json_each($2) WHERE true ON CONFLICT (base_id, term) DO UPDATE SET chunks = "
      "knowledge_terms.chunks + excluded.chunks",
      {base, counts});
  if (removes) {
    tx.exec(
        "DELETE FROM knowledge_terms WHERE base_id = $1 AND term IN (SELECT key FROM "
        "json_each($2)) AND chunks <= 0",
        {base, counts});
  }
}

std::vector<ScoredChunk> rank(Tx& tx, const RankQuery& q) {
  std::vector<Value> params = {"{terms} : " + any_of(q.terms) + " AND {base} : " + any_of(q.bases),
                               weights_of(q), q.limit};
  std::string sql =
      "SELECT rowid, agentry_bm25(knowledge_fts, $2) AS score FROM knowledge_fts WHERE "
      "knowledge_fts MATCH $1";
  if (!q.metadata.empty()) {
    sql += " AND rowid IN (SELECT c.id FROM knowledge_chunks c WHERE " +
           metadata_condition(q.metadata, "c.entry_id", params) + ")";
  }
  sql += " ORDER BY score DESC, rowid LIMIT $3";
  std::vector<ScoredChunk> out;
  for (Row& r : tx.query(sql, params)) out.push_back({r.integer(0), r.real(1)});
  return out;
}

}  // namespace agentry::store::knowledge_index::sqlite
