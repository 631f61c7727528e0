#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The vectors of hybrid search: an embeddings model's vector of each chunk, stored with it, and
// of each query; chunks ranked by cosine similarity, fused with BM25's ranking by reciprocal rank
// fusion. Vectors are kept at unit length, so that cosine similarity is their dot product.
namespace agentry::knowledge {

// A vector longer than this is refused (the largest common models have 3,072 dimensions).
inline constexpr std::size_t max_dimensions = 4096;
// Reciprocal rank fusion's constant: a chunk at rank r (from 1) of a list scores 1/(rrf_k + r).
inline constexpr double rrf_k = 60;
// Each ranking offers fusion this many of its best chunks.
inline constexpr std::int64_t fusion_candidates = 50;

// A text's vector under an embeddings model; an empty vector: none (search is BM25 alone).
struct Embedding {
  std::string model;
  std::vector<float> vector;
  bool empty() const { return vector.empty(); }
};

// Scales `v` to unit length; false when it cannot be (empty, too long, zero, or not finite).
bool normalize(std::vector<float>& v);

// The vector as stored: base64 of its float32 values, little-endian. decode_vector answers
// nullopt for anything encode_vector cannot have written.
std::string encode_vector(const std::vector<float>& v);
std::optional<std::vector<float>> decode_vector(std::string_view text);

// Their dot product: the cosine similarity of unit vectors. Vectors of different lengths: 0.
double dot(const std::vector<float>& a, const std::vector<float>& b);

// Reciprocal rank fusion of rankings (ids best first): each id's summed 1/(rrf_k + rank), best
// first, ties in the order the ids were first ranked.
std::vector<std::pair<std::int64_t, double>> fuse_rankings(
    const std::vector<std::vector<std::int64_t>>& rankings);

}  // namespace agentry::knowledge
