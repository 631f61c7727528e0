// Knowledge entries: what any user ingests is chunked, split into terms and marked in snippets.
// Whatever text arrives (only valid UTF-8 text reaches them, as ingest checks), they end without
// fault: every chunk is within the size limit and valid UTF-8, every word lies inside the text,
// and a snippet's marks pair up.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"
#include "domain/knowledge.hpp"
#include "domain/knowledge_chunks.hpp"
#include "domain/knowledge_terms.hpp"

namespace {

std::size_t count(std::string_view text, std::string_view part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace agentry;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!utf8::text_chars(text)) return 0;
  for (const auto& chunk : knowledge::chunk_markdown(text)) {
    if (chunk.text.size() > knowledge::max_chunk_bytes || !utf8::text_chars(chunk.text) ||
        !utf8::text_chars(chunk.heading)) {
      std::abort();
    }
  }
  std::vector<std::string> terms;
  for (const auto& word : knowledge::words_of(text)) {
    if (word.begin >= word.end || word.end > text.size() || word.term.empty()) std::abort();
    if (terms.size() < 3) terms.push_back(word.term);
  }
  const std::string snippet = knowledge::snippet(text, terms);
  if (count(snippet, "<mark>") != count(snippet, "</mark>") || !utf8::text_chars(snippet)) {
    std::abort();
  }
  return 0;
}
