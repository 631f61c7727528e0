#include "domain/knowledge_vectors.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "core/crypto.hpp"

namespace agentry::knowledge {

static_assert(std::endian::native == std::endian::little,
              "stored vectors are little-endian float32, read as they are in memory");

bool normalize(std::vector<float>& v) {
  if (v.empty() || v.size() > max_dimensions) return false;
  double sum = 0;
  for (float x : v) {
    if (!std::isfinite(x)) return false;
    sum += static_cast<double>(x) * static_cast<double>(x);
  }
  if (!(sum > 0) || !std::isfinite(sum)) return false;
  const double scale = 1 / std::sqrt(sum);
  for (float& x : v) x = static_cast<float>(static_cast<double>(x) * scale);
  return true;
}

std::string encode_vector(const std::vector<float>& v) {
  std::string bytes(v.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), v.data(), bytes.size());
  return crypto::to_base64(bytes);
}

std::optional<std::vector<float>> decode_vector(std::string_view text) {
  const auto bytes = crypto::from_base64(text);
  if (!bytes || bytes->empty() || bytes->size() % sizeof(float) != 0 ||
      bytes->size() / sizeof(float) > max_dimensions) {
    return std::nullopt;
  }
  std::vector<float> out(bytes->size() / sizeof(float));
  std::memcpy(out.data(), bytes->data(), bytes->size());
  return out;
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 0;
  float sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

std::vector<std::pair<std::int64_t, double>> fuse_rankings(
    const std::vector<std::vector<std::int64_t>>& rankings) {
  std::vector<std::pair<std::int64_t, double>> out;
  std::unordered_map<std::int64_t, std::size_t> at;
  for (const auto& ranking : rankings) {
    for (std::size_t r = 0; r < ranking.size(); ++r) {
      const double score = 1 / (rrf_k + static_cast<double>(r + 1));
      const auto [it, added] = at.try_emplace(ranking[r], out.size());
      if (added) {
        out.emplace_back(ranking[r], score);
      } else {
        out[it->second].second += score;
      }
    }
  }
  std::ranges::stable_sort(out, [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace agentry::knowledge
