#pragma once

#include <sqlite3.h>

// agentry_bm25(knowledge_fts, weights): the BM25 score of an FTS5 row of knowledge_fts (columns
// base, terms) from statistics the caller passes, so that a tenant's ranking depends only on
// the bases it searches, not on every tenant's chunks in the shared index (as FTS5's own bm25()
// would). `weights` is text: the average chunk length, then the idf of each phrase of the MATCH
// expression in order, separated by spaces; phrases past them (the base filter) do not score.
namespace agentry::store::sqlite {

// Registers the function on the connection. Throws std::runtime_error when SQLite was built
// without FTS5.
void register_knowledge_rank(sqlite3* db);

}  // namespace agentry::store::sqlite
