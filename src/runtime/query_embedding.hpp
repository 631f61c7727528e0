#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "domain/knowledge_vectors.hpp"
#include "runtime/embeddings.hpp"
#include "store/database.hpp"

// The vector of what a hosted agent searches its knowledge for (a run's input, a chat message,
// a search_knowledge call), which makes the search hybrid.
namespace agentry::runtime {

// The embedding of `text` under the embedder's model. Errors: as Embedder::embed.
boost::asio::awaitable<Result<knowledge::Embedding>> embed_query(Embedder& embedder,
                                                                 std::string text);

struct QueryEmbedding {
  knowledge::Embedding embedding;  // empty: search by BM25 alone
  std::string failure;             // why the provider gave none, for the agent's log; "": it did
};

// The embedding of `text` for searching agent `agent_id`'s knowledge. None, without a call, when
// no embeddings provider is configured or the agent's knowledge holds no vector of its model;
// none with `failure` set when the provider fails (the search then goes on by BM25 alone).
boost::asio::awaitable<QueryEmbedding> query_embedding(store::Database& db, Embedder& embedder,
                                                       std::string agent_id, std::string text);

// Adds the provider's failure, if any, to a retrieval note for the agent's log.
void note_failure(std::string& note, const QueryEmbedding& query);

}  // namespace agentry::runtime
