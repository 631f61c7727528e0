#include "store/sqlite/knowledge_rank.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "store/knowledge_records.hpp"

namespace agentry::store::sqlite {
namespace {

constexpr int terms_column = 1;

struct Weights {
  double average_length = 1;
  std::vector<double> idf;
  std::vector<int> frequency;  // scratch: each phrase's count in the current row
};

Weights* parse_weights(std::string_view text) {
  auto* w = new Weights;
  bool first = true;
  while (!text.empty()) {
    const auto end = text.find(' ');
    const std::string_view part = text.substr(0, end);
    double v = 0;
    std::from_chars(part.data(), part.data() + part.size(), v);
    if (first) {
      w->average_length = v > 0 ? v : 1;
    } else {
      w->idf.push_back(v);
    }
    first = false;
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  w->frequency.resize(w->idf.size());
  return w;
}

void bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
          sqlite3_value** argv) {
  auto* w = static_cast<Weights*>(api->xGetAuxdata(fts, 0));
  if (!w) {
    if (argc != 1) {
      sqlite3_result_error(ctx, "agentry_bm25: expects one argument, the weights", -1);
      return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    w = parse_weights(text ? std::string_view(text) : std::string_view{});
    if (api->xSetAuxdata(fts, w, [](void* p) { delete static_cast<Weights*>(p); }) != SQLITE_OK) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  std::ranges::fill(w->frequency, 0);
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0;
    int column = 0;
    int offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && column == terms_column && phrase >= 0 &&
        static_cast<std::size_t>(phrase) < w->frequency.size()) {
      ++w->frequency[static_cast<std::size_t>(phrase)];
    }
  }
  int length = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, terms_column, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double norm = bm25_k1 * (1 - bm25_b + bm25_b * length / w->average_length);
  double score = 0;
  for (std::size_t p = 0; p < w->idf.size(); ++p) {
    const double tf = std::min<double>(w->frequency[p], max_term_frequency);
    if (tf > 0) score += w->idf[p] * (tf * (bm25_k1 + 1)) / (tf + norm);
  }
  sqlite3_result_double(ctx, score);
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

void register_knowledge_rank(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (!api || api->iVersion < 2 ||
      api->xCreateFunction(api, "agentry_bm25", nullptr, bm25, nullptr) != SQLITE_OK) {
    throw std::runtime_error("sqlite: this SQLite has no FTS5, which knowledge search needs");
  }
}

}  // namespace agentry::store::sqlite
