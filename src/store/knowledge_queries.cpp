#include "store/knowledge_queries.hpp"

#include <array>
#include <charconv>
#include <set>

#include "store/knowledge_index.hpp"
#include "store/string_list.hpp"
#include "store/where.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view select_entries =
    "SELECT id, account_id, base_id, title, source, metadata, bytes, chunks, created_at, %CONTENT% "
    "FROM knowledge_entries";

std::string entries_selecting(bool content) {
  std::string sql(select_entries);
  sql.replace(sql.find("%CONTENT%"), 9, content ? "content" : "''");
  return sql;
}

KnowledgeEntryRecord entry_from(Row& r) {
  return {.id = r.take_text(0),
          .account_id = r.take_text(1),
          .base_id = r.take_text(2),
          .title = r.take_optional_text(3),
          .source = r.take_optional_text(4),
          .metadata = r.take_text(5),
          .content = r.take_text(9),
          .bytes = r.integer(6),
          .chunks = r.integer(7),
          .created_at_ms = r.integer(8)};
}

ChunkRecord chunk_from(Row& r) {
  return {.id = r.integer(0),
          .entry_id = r.take_text(1),
          .seq = r.integer(2),
          .heading = r.take_text(3),
          .text = r.take_text(4),
          .title = r.take_optional_text(5),
          .source = r.take_optional_text(6),
          .metadata = r.take_text(7)};
}

constexpr std::string_view select_chunks =
    "SELECT c.id, c.entry_id, c.seq, c.heading, c.text, e.title, e.source, e.metadata FROM "
    "knowledge_chunks c JOIN knowledge_entries e ON e.id = c.entry_id";

bool on_sqlite(const Tx& tx) {
  return tx.engine() == "sqlite";
}

knowledge_index::TermCounts chunks_per_term(const std::vector<IndexedChunk>& chunks) {
  knowledge_index::TermCounts out;
  for (const IndexedChunk& c : chunks) {
    for (const std::string& t : std::set<std::string>(c.terms.begin(), c.terms.end())) ++out[t];
  }
  return out;
}

void count_terms(Tx& tx, std::string_view base_id, const knowledge_index::TermCounts& delta) {
  if (on_sqlite(tx)) {
    knowledge_index::sqlite::count_terms(tx, base_id, delta);
  } else {
    knowledge_index::postgres::count_terms(tx, base_id, delta);
  }
}

void add_to_totals(Tx& tx, const KnowledgeEntryRecord& e, const KnowledgeTotals& delta) {
  tx.exec(
      "INSERT INTO knowledge_bases (base_id, account_id, entries, chunks, terms, bytes) VALUES "
      "($1, $2, $3, $4, $5, $6) ON CONFLICT (base_id) DO UPDATE SET entries = "
      "knowledge_bases.entries + excluded.entries, chunks = knowledge_bases.chunks + "
      "excluded.chunks, terms = knowledge_bases.terms + excluded.terms, bytes = "
      "knowledge_bases.bytes + excluded.bytes",
      {e.base_id, e.account_id, delta.entries, delta.chunks, delta.terms, delta.bytes});
}

KnowledgeTotals totals_from(const Rows& rows) {
  const Row& r = rows.at(0);
  return {.entries = r.integer(0),
          .chunks = r.integer(1),
          .terms = r.integer(2),
          .bytes = r.integer(3)};
}

void add_vectors(Tx& tx, const KnowledgeEntryRecord& e, std::string_view model,
                 const std::vector<IndexedChunk>& chunks) {
  for (std::size_t seq = 0; seq < chunks.size(); ++seq) {
    if (chunks[seq].vector.empty()) continue;
    tx.exec(
        "INSERT INTO knowledge_vectors (entry_id, seq, base_id, model, vector) VALUES ($1, $2, "
        "$3, $4, $5)",
        {e.id, static_cast<std::int64_t>(seq), e.base_id, std::string(model), chunks[seq].vector});
  }
}

constexpr std::string_view select_totals =
    "SELECT COALESCE(SUM(entries), 0), COALESCE(SUM(chunks), 0), COALESCE(SUM(terms), 0), "
    "COALESCE(SUM(bytes), 0) FROM knowledge_bases";

}  // namespace

namespace knowledge_index {

std::string exact_text(double v) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  return {buffer.data(), end};
}

std::string metadata_condition(const MetadataPairs& metadata, std::string_view entry_column,
                               std::vector<Value>& params) {
  std::string out;
  for (const auto& [key, value] : metadata) {
    if (!out.empty()) out += " AND ";
    params.emplace_back(key);
    out += entry_column;
    out += " IN (SELECT m.entry_id FROM knowledge_metadata m WHERE m.key = $";
    out += std::to_string(params.size());
    params.emplace_back(value);
    out += " AND m.value = $";
    out += std::to_string(params.size());
    out += ")";
  }
  return out;
}

}  // namespace knowledge_index

void insert_knowledge_entries(Tx& tx, const std::vector<NewKnowledgeEntry>& entries) {
  if (entries.empty()) return;
  knowledge_index::TermCounts terms;
  KnowledgeTotals delta;
  for (const auto& [e, metadata, chunks, vector_model] : entries) {
    tx.exec(
        "INSERT INTO knowledge_entries (id, account_id, base_id, title, source, metadata, "
        "content, bytes, chunks, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {e.id, e.account_id, e.base_id, optional_text(e.title), optional_text(e.source), e.metadata,
         e.content, e.bytes, e.chunks, e.created_at_ms});
    for (const auto& [key, value] : metadata) {
      tx.exec("INSERT INTO knowledge_metadata (entry_id, key, value) VALUES ($1, $2, $3)",
              {e.id, key, value});
    }
    if (on_sqlite(tx)) {
      knowledge_index::sqlite::add_chunks(tx, e.base_id, e.id, chunks);
    } else {
      knowledge_index::postgres::add_chunks(tx, e.base_id, e.id, chunks);
    }
    add_vectors(tx, e, vector_model, chunks);
    for (const auto& [term, n] : chunks_per_term(chunks)) terms[term] += n;
    ++delta.entries;
    delta.chunks += static_cast<std::int64_t>(chunks.size());
    delta.bytes += e.bytes;
    for (const IndexedChunk& c : chunks) delta.terms += static_cast<std::int64_t>(c.terms.size());
  }
  const KnowledgeEntryRecord& first = entries.front().record;
  count_terms(tx, first.base_id, terms);
  add_to_totals(tx, first, delta);
}

std::optional<KnowledgeEntryRecord> find_knowledge_entry(Tx& tx, std::string_view id) {
  Rows rows = tx.query(entries_selecting(true) + " WHERE id = $1", {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return entry_from(rows.front());
}

PageOf<KnowledgeEntryRecord> list_knowledge_entries(Tx& tx, std::string_view base_id, Page page) {
  static const std::string select = entries_selecting(false);
  return page_of<KnowledgeEntryRecord>(tx, "knowledge_entries", select,
                                       Where("base_id = $1", {std::string(base_id)}), page,
                                       entry_from);
}

void delete_knowledge_entry(Tx& tx, const KnowledgeEntryRecord& e) {
  knowledge_index::TermCounts delta =
      on_sqlite(tx) ? knowledge_index::sqlite::entry_terms(tx, e.id)
                    : knowledge_index::postgres::entry_terms(tx, e.base_id, e.id);
  for (auto& [term, n] : delta) n = -n;
  count_terms(tx, e.base_id, delta);
  const Rows sizes = tx.query(
      "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM knowledge_chunks WHERE entry_id = $1",
      {e.id});
  if (on_sqlite(tx)) {
    knowledge_index::sqlite::remove_chunks(tx, e.id);
  } else {
    knowledge_index::postgres::remove_chunks(tx, e.id);
  }
  tx.exec("DELETE FROM knowledge_metadata WHERE entry_id = $1", {e.id});
  tx.exec("DELETE FROM knowledge_vectors WHERE entry_id = $1", {e.id});
  tx.exec("DELETE FROM knowledge_entries WHERE id = $1", {e.id});
  add_to_totals(tx, e,
                {.entries = -1,
                 .chunks = -sizes.at(0).integer(0),
                 .terms = -sizes.at(0).integer(1),
                 .bytes = -e.bytes});
}

void delete_knowledge_base(Tx& tx, std::string_view base_id) {
  const std::string base(base_id);
  const std::string entries = "(SELECT id FROM knowledge_entries WHERE base_id = $1)";
  if (on_sqlite(tx)) {
    tx.exec(
        "DELETE FROM knowledge_fts WHERE rowid IN (SELECT id FROM knowledge_chunks WHERE "
        "entry_id IN " +
            entries + ")",
        {base});
  }
  tx.exec("DELETE FROM knowledge_chunks WHERE entry_id IN " + entries, {base});
  tx.exec("DELETE FROM knowledge_metadata WHERE entry_id IN " + entries, {base});
  tx.exec("DELETE FROM knowledge_vectors WHERE base_id = $1", {base});
  tx.exec("DELETE FROM knowledge_entries WHERE base_id = $1", {base});
  tx.exec("DELETE FROM knowledge_terms WHERE base_id = $1", {base});
  tx.exec("DELETE FROM knowledge_bases WHERE base_id = $1", {base});
}

KnowledgeTotals knowledge_totals(Tx& tx, const std::vector<std::string>& bases) {
  Where where;
  where.in("base_id", bases);
  return totals_from(
      tx.query(std::string(select_totals) + " WHERE " + where.text(), where.params()));
}

KnowledgeTotals account_knowledge_totals(Tx& tx, std::string_view account_id) {
  return totals_from(
      tx.query(std::string(select_totals) + " WHERE account_id = $1", {std::string(account_id)}));
}

std::map<std::string, std::int64_t> chunks_holding(Tx& tx, const std::vector<std::string>& bases,
                                                   const std::vector<std::string>& terms) {
  std::map<std::string, std::int64_t> out;
  if (terms.empty()) return out;
  Where where;
  where.in("base_id", bases);
  where.in("term", terms);
  for (Row& r : tx.query(
           "SELECT term, SUM(chunks) FROM knowledge_terms WHERE " + where.text() + " GROUP BY term",
           where.params())) {
    out[r.take_text(0)] = r.integer(1);
  }
  return out;
}

std::vector<ScoredChunk> rank_chunks(Tx& tx, const RankQuery& query) {
  if (query.terms.empty() || query.bases.empty()) return {};
  return on_sqlite(tx) ? knowledge_index::sqlite::rank(tx, query)
                       : knowledge_index::postgres::rank(tx, query);
}

bool has_vectors(Tx& tx, const std::vector<std::string>& bases, std::string_view model) {
  if (bases.empty()) return false;
  Where where;
  where.in("base_id", bases);
  where.compare("model", "=", std::string(model));
  return !tx.query("SELECT 1 FROM knowledge_vectors WHERE " + where.text() + " LIMIT 1",
                   where.params())
              .empty();
}

std::vector<ChunkVector> chunk_vectors(Tx& tx, const std::vector<std::string>& bases,
                                       std::string_view model, const MetadataPairs& metadata) {
  std::vector<ChunkVector> out;
  if (bases.empty()) return out;
  Where where;
  where.in("v.base_id", bases);
  where.compare("v.model", "=", std::string(model));
  std::vector<Value> params = where.params();
  std::string sql =
      "SELECT c.id, v.vector FROM knowledge_vectors v JOIN knowledge_chunks c ON c.entry_id = "
      "v.entry_id AND c.seq = v.seq WHERE " +
      where.text();
  if (const std::string held = knowledge_index::metadata_condition(metadata, "v.entry_id", params);
      !held.empty()) {
    sql += " AND " + held;
  }
  for (Row& r : tx.query(sql, params)) out.push_back({r.integer(0), r.take_text(1)});
  return out;
}

std::vector<ChunkRecord> find_chunks(Tx& tx, const std::vector<std::int64_t>& ids) {
  std::vector<ChunkRecord> out;
  if (ids.empty()) return out;
  Where where;
  std::string list;
  for (std::int64_t id : ids) list += (list.empty() ? "" : ", ") + where.param(id);
  for (Row& r :
       tx.query(std::string(select_chunks) + " WHERE c.id IN (" + list + ")", where.params())) {
    out.push_back(chunk_from(r));
  }
  return out;
}

std::vector<ChunkRecord> entry_chunks(Tx& tx, std::string_view entry_id) {
  std::vector<ChunkRecord> out;
  for (Row& r : tx.query(std::string(select_chunks) + " WHERE c.entry_id = $1 ORDER BY c.seq",
                         {std::string(entry_id)})) {
    out.push_back(chunk_from(r));
  }
  return out;
}

}  // namespace agentry::store
