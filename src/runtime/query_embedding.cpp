#include "runtime/query_embedding.hpp"

#include <utility>
#include <vector>

#include "domain/agents.hpp"
#include "domain/knowledge.hpp"
#include "runtime/await_db.hpp"

namespace agentry::runtime {

boost::asio::awaitable<Result<knowledge::Embedding>> embed_query(Embedder& embedder,
                                                                 std::string text) {
  std::vector<std::string> texts;
  texts.push_back(std::move(text));
  auto vectors = co_await embedder.embed(std::move(texts));
  if (!vectors) co_return vectors.error();
  co_return knowledge::Embedding{.model = embedder.model(), .vector = std::move(vectors->front())};
}

boost::asio::awaitable<QueryEmbedding> query_embedding(store::Database& db, Embedder& embedder,
                                                       std::string agent_id, std::string text) {
  QueryEmbedding out;
  if (!embedder.enabled() || text.find_first_not_of(" \t\r\n") == std::string::npos) {
    co_return out;
  }
  const bool searched = co_await db_read(db, [&](store::Tx& tx) {
    const auto agent = agents::load(tx, agent_id);
    return agent && knowledge::has_vectors(tx, *agent, embedder.model());
  });
  if (!searched) co_return out;
  auto embedded = co_await embed_query(embedder, std::move(text));
  if (!embedded) {
    out.failure = embedded.error().message;
    co_return out;
  }
  out.embedding = std::move(*embedded);
  co_return out;
}

void note_failure(std::string& note, const QueryEmbedding& query) {
  if (query.failure.empty()) return;
  note += (note.empty() ? "" : "; ") + std::string("no query embedding (") + query.failure +
          "): searched by BM25 alone";
}

}  // namespace agentry::runtime
