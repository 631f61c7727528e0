// Knowledge search and ingest on one store, against the bare full-text index of the same store
// holding the same chunks, in the same run:
//   ingest: agentry's knowledge::ingest (chunking, terms, the index, the per-base statistics)
//           vs the same chunks inserted into a bare FTS5 table (SQLite, porter tokenizer) or a
//           table with a GIN-indexed to_tsvector('english') column (PostgreSQL), batch for batch;
//   search: knowledge::search (per-base BM25, chunks and marked snippets) vs the bare query of
//           the same words: FTS5's MATCH 'a OR b' ORDER BY bm25() with snippet(), or
//           tsvector @@ to_tsquery('a | b') ORDER BY ts_rank() with ts_headline(), top 10 each.
// The corpus is synthetic English-like text: 20,000 made-up words drawn by a Zipf law, in
// Markdown entries of four paragraphs. Queries are questions of 3–6 such words among stop words.
// Usage: bench_knowledge sqlite DIR CHUNKS QUERIES | bench_knowledge postgres URL CHUNKS QUERIES
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "closed_loop.hpp"
#include "domain/accounts.hpp"
#include "domain/agents.hpp"
#include "domain/knowledge.hpp"
#include "domain/knowledge_chunks.hpp"
#include "domain/plans.hpp"
#include "store/postgres/postgres_database.hpp"

namespace {
using namespace agentry;
using bench::check;
using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

// Made-up words of two to four syllables, the same every run.
std::vector<std::string> vocabulary(std::size_t n) {
  static constexpr std::array<const char*, 20> onsets = {"b",  "d",  "f",  "g",  "k",  "l", "m",
                                                         "n",  "p",  "r",  "s",  "t",  "v", "z",
                                                         "br", "st", "tr", "pl", "gr", "ch"};
  static constexpr std::array<const char*, 8> vowels = {"a", "e", "i", "o", "u", "ai", "ou", "ea"};
  std::mt19937 random(7);
  std::vector<std::string> out;
  while (out.size() < n) {
    std::string w;
    const int syllables = 2 + static_cast<int>(random() % 3);
    for (int s = 0; s < syllables; ++s)
      w += std::string(onsets[random() % 20]) + vowels[random() % 8];
    if (random() % 3 == 0) w += "n";
    out.push_back(w);
  }
  return out;
}

// A word's index by a Zipf law over `n` words.
class Zipf {
 public:
  Zipf(std::size_t n, double s) {
    double sum = 0;
    for (std::size_t k = 1; k <= n; ++k) cumulative_.push_back(sum += 1 / std::pow(k, s));
    for (double& c : cumulative_) c /= sum;
  }
  std::size_t operator()(std::mt19937& random) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(random);
    return static_cast<std::size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) -
                                    cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

std::string entry_text(const std::vector<std::string>& words, const Zipf& zipf,
                       std::mt19937& random) {
  static constexpr std::array<const char*, 10> glue = {"the", "of",  "and",  "to", "in",
                                                       "is",  "for", "with", "on", "that"};
  std::string out = "# " + words[zipf(random)] + " " + words[zipf(random)] + "\n\n";
  for (int p = 0; p < 4; ++p) {
    for (int sentence = 0; sentence < 8; ++sentence) {
      const int length = 8 + static_cast<int>(random() % 10);
      for (int w = 0; w < length; ++w) {
        out += (random() % 3 == 0) ? glue[random() % 10] : words[zipf(random)];
        out += w + 1 == length ? ". " : " ";
      }
    }
    out += "\n\n";
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::string joined(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: bench_knowledge sqlite DIR CHUNKS QUERIES | postgres URL CHUNKS QUERIES\n";
    return 2;
  }
  const std::string engine = argv[1];
  const long target_chunks = std::atol(argv[3]);
  const int queries = std::atoi(argv[4]);
  std::unique_ptr<store::Database> db;
  if (engine == "sqlite") {
    std::filesystem::create_directories(argv[2]);
    db = store::open_sqlite({.path = (std::filesystem::path(argv[2]) / "knowledge.db").string(),
                             .now_ms = SystemClock().now_ms()});
  } else {
    db = store::open_postgres({.url = argv[2], .pool_size = 2, .now_ms = SystemClock().now_ms()});
  }
  const bool sqlite = engine == "sqlite";
  const plans::Catalog catalog(plans::defaults());
  std::string account;
  std::string agent;
  db->write_blocking([&](store::Tx& tx) {
    const std::int64_t now = SystemClock().now_ms();
    account = check(accounts::create(tx, catalog, {.name = "bench", .plan = "enterprise"},
                                     {.name = "k", .scopes = {"admin"}}, now),
                    "account")
                  .account.id;
    agent = check(agents::create(tx, account, {.name = "kb", .model = "echo"}, now), "agent").id;
    if (sqlite) {
      tx.exec_script(
          "CREATE VIRTUAL TABLE bare_fts USING fts5(text, tokenize = 'porter unicode61')");
    } else {
      tx.exec_script(
          "CREATE TABLE bare_chunks (id BIGSERIAL PRIMARY KEY, text TEXT NOT NULL, tsv TSVECTOR "
          "NOT NULL); CREATE INDEX bare_chunks_tsv ON bare_chunks USING GIN (tsv)");
    }
  });

  const auto words = vocabulary(20'000);
  const Zipf zipf(words.size(), 1.0);
  std::mt19937 random(11);
  double ours_s = 0;
  double bare_s = 0;
  long chunks = 0;
  constexpr int batch = 25;
  while (chunks < target_chunks) {
    std::vector<knowledge::Draft> drafts;
    drafts.reserve(batch);
    std::vector<std::string> texts;
    for (int i = 0; i < batch; ++i) drafts.push_back({.content = entry_text(words, zipf, random)});
    auto t = Steady::now();
    db->write_blocking([&](store::Tx& tx) {
      auto added = check(knowledge::ingest(tx, account, {.id = agent}, drafts, true, nullptr,
                                           SystemClock().now_ms()),
                         "ingest");
      for (const auto& e : added) chunks += e.chunks;
    });
    ours_s += seconds_since(t);
    t = Steady::now();
    db->write_blocking([&](store::Tx& tx) {
      for (const auto& d : drafts) {
        for (auto& c : knowledge::chunk_markdown(d.content))
          texts.push_back(c.heading + "\n" + c.text);
      }
      if (sqlite) {
        for (const auto& text : texts) tx.exec("INSERT INTO bare_fts (text) VALUES ($1)", {text});
        return;
      }
      std::string array = "{";
      for (const auto& text : texts) {
        if (array.size() > 1) array += ',';
        array += '"';
        for (char c : text) {
          if (c == '"' || c == '\\') array += '\\';
          array += c;
        }
        array += '"';
      }
      array += '}';
      tx.exec(
          "INSERT INTO bare_chunks (text, tsv) SELECT t, to_tsvector('english', t) FROM "
          "unnest($1::text[]) AS u(t)",
          {array});
    });
    bare_s += seconds_since(t);
  }
  if (!sqlite) db->write_blocking([](store::Tx& tx) { tx.exec_script("ANALYZE"); });
  const double ours_rate = static_cast<double>(chunks) / ours_s;
  const double bare_rate = static_cast<double>(chunks) / bare_s;
  std::printf("%s: %ld chunks\n", engine.c_str(), chunks);
  std::printf("ingest chunks/s: agentry %.0f, bare index %.0f, ratio %.2f\n", ours_rate, bare_rate,
              ours_rate / bare_rate);

  std::vector<double> ours_ms;
  std::vector<double> bare_ms;
  std::size_t ours_hits = 0;
  std::size_t bare_hits = 0;
  for (int q = 0; q < queries; ++q) {
    std::vector<std::string> picked;
    const int n = 3 + static_cast<int>(random() % 4);
    picked.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) picked.push_back(words[zipf(random)]);
    const std::string question = "how do i " + joined(picked, " with the ") + "?";
    auto t = Steady::now();
    db->read_blocking([&](store::Tx& tx) {
      ours_hits +=
          check(knowledge::search(tx, account, {.id = agent}, {.text = question, .limit = 10}),
                "search")
              .hits.size();
    });
    ours_ms.push_back(seconds_since(t) * 1000);
    t = Steady::now();
    db->read_blocking([&](store::Tx& tx) {
      if (sqlite) {
        bare_hits += tx.query(
                           "SELECT rowid, snippet(bare_fts, 0, '<mark>', '</mark>', '…', 32) FROM "
                           "bare_fts WHERE bare_fts MATCH $1 ORDER BY bm25(bare_fts) LIMIT 10",
                           {joined(picked, " OR ")})
                         .size();
      } else {
        bare_hits += tx.query(
                           "SELECT id, ts_headline('english', text, q) FROM bare_chunks, "
                           "to_tsquery('english', $1) q WHERE tsv @@ q ORDER BY ts_rank(tsv, q) "
                           "DESC LIMIT 10",
                           {joined(picked, " | ")})
                         .size();
      }
    });
    bare_ms.push_back(seconds_since(t) * 1000);
  }
  std::printf("search ms p50/p99 over %d queries: agentry %.2f/%.2f, bare index %.2f/%.2f\n",
              queries, percentile(ours_ms, 0.5), percentile(ours_ms, 0.99),
              percentile(bare_ms, 0.5), percentile(bare_ms, 0.99));
  std::printf("search latency ratio agentry/bare: p50 %.2f, p99 %.2f (hits %zu vs %zu)\n",
              percentile(ours_ms, 0.5) / percentile(bare_ms, 0.5),
              percentile(ours_ms, 0.99) / percentile(bare_ms, 0.99), ours_hits, bare_hits);
  db->close();
  return 0;
}
